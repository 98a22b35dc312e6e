import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import type { PromptVersion } from '../../../schemas/chat';
import { attachments } from './attachments';
import { chats } from './chats';
import { jobs } from './jobs';
import { users } from './users';

export const analysisStatuses = ['queued', 'running', 'complete', 'failed'] as const;
export type AnalysisStatus = (typeof analysisStatuses)[number];

/**
 * A feedback analysis of one text column of a table attachment. It goes with its chat and its
 * attachment (cascade). `run` fences a background run: only the runner that set it may write, so a
 * runner on an instance that was presumed dead cannot change an analysis another runner has taken over.
 */
export const analyses = pgTable(
	'analyses',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		chatId: uuid('chat_id')
			.notNull()
			.references(() => chats.id, { onDelete: 'cascade' }),
		attachmentId: uuid('attachment_id')
			.notNull()
			.references(() => attachments.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		jobId: uuid('job_id').references(() => jobs.id, { onDelete: 'set null' }),
		fileName: text('file_name').notNull(),
		column: text('column').notNull(),
		question: text('question'),
		model: text('model').notNull(),
		status: text('status', { enum: analysisStatuses }).notNull().default('queued'),
		/** Non-empty responses in the column. */
		responseCount: integer('response_count').notNull(),
		/** Responses saved (redacted) by the first phase; 0 until then. */
		prepared: boolean('prepared').notNull().default(false),
		progressDone: integer('progress_done').notNull().default(0),
		progressTotal: integer('progress_total').notNull().default(0),
		modelCalls: integer('model_calls').notNull().default(0),
		callBudget: integer('call_budget').notNull(),
		run: text('run'),
		error: text('error'),
		promptVersions: jsonb('prompt_versions').$type<PromptVersion[]>().notNull().default([]),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		completedAt: timestamp('completed_at', { withTimezone: true })
	},
	(t) => [
		index('analyses_chat_idx').on(t.chatId, t.createdAt),
		index('analyses_attachment_idx').on(t.attachmentId),
		index('analyses_user_idx').on(t.userId),
		check('analyses_status_check', sql`${t.status} in ('queued', 'running', 'complete', 'failed')`)
	]
);

/** One response, with personal data already replaced by placeholders: the original is never stored. */
export const analysisResponses = pgTable(
	'analysis_responses',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		analysisId: uuid('analysis_id')
			.notNull()
			.references(() => analyses.id, { onDelete: 'cascade' }),
		/** 1, 2, 3… in the order of the file. */
		number: integer('number').notNull(),
		/** The spreadsheet row it came from (the header is row 1). */
		row: integer('row').notNull(),
		text: text('text').notNull()
	},
	(t) => [uniqueIndex('analysis_responses_number_idx').on(t.analysisId, t.number)]
);

export const analysisThemes = pgTable(
	'analysis_themes',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		analysisId: uuid('analysis_id')
			.notNull()
			.references(() => analyses.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		/** What the model proposed; null for a theme people made (a merge or a split). */
		proposedTitle: text('proposed_title'),
		edited: boolean('edited').notNull().default(false),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('analysis_themes_analysis_idx').on(t.analysisId, t.position)]
);

/** Which responses sit in which themes (zero or more themes a response). */
export const analysisResponseThemes = pgTable(
	'analysis_response_themes',
	{
		analysisId: uuid('analysis_id')
			.notNull()
			.references(() => analyses.id, { onDelete: 'cascade' }),
		responseId: uuid('response_id')
			.notNull()
			.references(() => analysisResponses.id, { onDelete: 'cascade' }),
		themeId: uuid('theme_id')
			.notNull()
			.references(() => analysisThemes.id, { onDelete: 'cascade' })
	},
	(t) => [
		primaryKey({ columns: [t.responseId, t.themeId] }),
		index('analysis_response_themes_theme_idx').on(t.themeId),
		index('analysis_response_themes_analysis_idx').on(t.analysisId)
	]
);

export const analysisPhases = ['propose', 'condense', 'map'] as const;
export type AnalysisPhase = (typeof analysisPhases)[number];

/** A finished batch of model work: on resume it is read back, never asked again. */
export const analysisBatches = pgTable(
	'analysis_batches',
	{
		analysisId: uuid('analysis_id')
			.notNull()
			.references(() => analyses.id, { onDelete: 'cascade' }),
		phase: text('phase', { enum: analysisPhases }).notNull(),
		index: integer('index').notNull(),
		result: jsonb('result').$type<unknown>().notNull(),
		attempts: integer('attempts').notNull(),
		finishedAt: timestamp('finished_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.analysisId, t.phase, t.index] })]
);

/** What the model proposed and what people changed, for the analysis's history (no audit content). */
export const analysisHistory = pgTable(
	'analysis_history',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		analysisId: uuid('analysis_id')
			.notNull()
			.references(() => analyses.id, { onDelete: 'cascade' }),
		/** Null for the model. */
		actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
		/** The person's name at the time, or "AI". */
		actorName: text('actor_name').notNull(),
		action: text('action').notNull(),
		detail: text('detail').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('analysis_history_analysis_idx').on(t.analysisId, t.at)]
);

export type Analysis = typeof analyses.$inferSelect;
export type AnalysisResponse = typeof analysisResponses.$inferSelect;
export type AnalysisTheme = typeof analysisThemes.$inferSelect;
export type AnalysisHistoryEntry = typeof analysisHistory.$inferSelect;
