import { sql } from 'drizzle-orm';
import {
	check,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid,
	boolean
} from 'drizzle-orm/pg-core';
import type { PromptVersion } from '../../../schemas/chat';
import { chats, messages } from './chats';
import { users } from './users';

export const draftStatuses = ['draft', 'in_review', 'approved'] as const;
export type DraftStatus = (typeof draftStatuses)[number];

export const draftVersionSources = ['created', 'edited', 'ai_edit', 'restored'] as const;
export type DraftVersionSource = (typeof draftVersionSources)[number];

export const socialPlatforms = ['x', 'linkedin', 'facebook', 'instagram', 'bluesky'] as const;
export type SocialPlatform = (typeof socialPlatforms)[number];

export const reviewDecisions = ['approve', 'changes_requested'] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];

export const draftEditStatuses = ['streaming', 'proposed', 'accepted', 'rejected', 'failed'] as const;
export type DraftEditStatus = (typeof draftEditStatuses)[number];

/**
 * A piece of writing a person works on: stored as Markdown. `version` is the number of the latest
 * row in draft_versions; a write must name it (optimistic concurrency), so two tabs never overwrite
 * each other. It goes with its author (cascade); the chat and answer it came from may go.
 */
export const drafts = pgTable(
	'drafts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		chatId: uuid('chat_id').references(() => chats.id, { onDelete: 'set null' }),
		sourceMessageId: uuid('source_message_id').references(() => messages.id, { onDelete: 'set null' }),
		title: text('title').notNull(),
		content: text('content').notNull().default(''),
		version: integer('version').notNull().default(1),
		status: text('status', { enum: draftStatuses }).notNull().default('draft'),
		/** The version the last approval named; null until approved. */
		approvedVersion: integer('approved_version'),
		/** Set when the draft touches a sensitive topic that needs a clinician's sign-off. */
		needsClinicalReview: boolean('needs_clinical_review').notNull().default(false),
		/** Whether any of the content was written by AI (an answer, an AI edit or a variant). */
		aiAssisted: boolean('ai_assisted').notNull().default(false),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('drafts_user_updated_idx').on(t.userId, t.updatedAt),
		index('drafts_chat_idx').on(t.chatId),
		check('drafts_status_check', sql`${t.status} in ('draft', 'in_review', 'approved')`)
	]
);

/** Every saved state of a draft, numbered from 1; never changed once written. */
export const draftVersions = pgTable(
	'draft_versions',
	{
		draftId: uuid('draft_id')
			.notNull()
			.references(() => drafts.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		title: text('title').notNull(),
		content: text('content').notNull(),
		authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
		source: text('source', { enum: draftVersionSources }).notNull(),
		/** For an AI edit, the instruction; for a restore, which version it restored. */
		note: text('note'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.draftId, t.version] }),
		check('draft_versions_source_check', sql`${t.source} in ('created', 'edited', 'ai_edit', 'restored')`)
	]
);

/**
 * A targeted AI edit of one span [start, end) of a version's content. The model sees the whole draft
 * but only the span is replaced, and only when the person accepts.
 */
export const draftEdits = pgTable(
	'draft_edits',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		draftId: uuid('draft_id')
			.notNull()
			.references(() => drafts.id, { onDelete: 'cascade' }),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
		baseVersion: integer('base_version').notNull(),
		start: integer('start').notNull(),
		end: integer('end').notNull(),
		instruction: text('instruction').notNull(),
		original: text('original').notNull(),
		replacement: text('replacement'),
		status: text('status', { enum: draftEditStatuses }).notNull().default('streaming'),
		/** The version accepting it created. */
		resultVersion: integer('result_version'),
		model: text('model'),
		promptVersions: jsonb('prompt_versions').$type<PromptVersion[]>(),
		error: text('error'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		decidedAt: timestamp('decided_at', { withTimezone: true })
	},
	(t) => [
		index('draft_edits_draft_idx').on(t.draftId, t.createdAt),
		check('draft_edits_status_check', sql`${t.status} in ('streaming', 'proposed', 'accepted', 'rejected', 'failed')`),
		check('draft_edits_span_check', sql`${t.start} >= 0 and ${t.end} >= ${t.start}`)
	]
);

/** A version of the draft for one social platform, saved with the draft. */
export const draftVariants = pgTable(
	'draft_variants',
	{
		draftId: uuid('draft_id')
			.notNull()
			.references(() => drafts.id, { onDelete: 'cascade' }),
		platform: text('platform', { enum: socialPlatforms }).notNull(),
		content: text('content').notNull(),
		/** The draft version it was written from. */
		basedOnVersion: integer('based_on_version').notNull(),
		aiGenerated: boolean('ai_generated').notNull().default(false),
		updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.draftId, t.platform] }),
		check('draft_variants_platform_check', sql`${t.platform} in ('x', 'linkedin', 'facebook', 'instagram', 'bluesky')`)
	]
);

/**
 * A person asked to review a draft. One row per reviewer per draft; asking again (a new round)
 * updates `requestedAt`, `requestedVersion` and clears the pending state. Decisions are kept apart,
 * in draft_decisions, so the history of who approved what is never overwritten.
 */
export const draftReviewers = pgTable(
	'draft_reviewers',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		draftId: uuid('draft_id')
			.notNull()
			.references(() => drafts.id, { onDelete: 'cascade' }),
		reviewerId: uuid('reviewer_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
		/** Asked as a clinical reviewer (the person is marked as one). */
		clinical: boolean('clinical').notNull().default(false),
		message: text('message'),
		requestedVersion: integer('requested_version').notNull(),
		requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('draft_reviewers_draft_reviewer_idx').on(t.draftId, t.reviewerId),
		index('draft_reviewers_reviewer_idx').on(t.reviewerId)
	]
);

/** A reviewer's decision on one version: the sign-off record. Append-only. */
export const draftDecisions = pgTable(
	'draft_decisions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		draftId: uuid('draft_id')
			.notNull()
			.references(() => drafts.id, { onDelete: 'cascade' }),
		reviewerId: uuid('reviewer_id').references(() => users.id, { onDelete: 'set null' }),
		/** Kept so the record still names the person after their account is deleted. */
		reviewerName: text('reviewer_name').notNull(),
		reviewerEmail: text('reviewer_email').notNull(),
		clinical: boolean('clinical').notNull().default(false),
		decision: text('decision', { enum: reviewDecisions }).notNull(),
		version: integer('version').notNull(),
		comment: text('comment'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('draft_decisions_draft_idx').on(t.draftId, t.createdAt),
		check('draft_decisions_decision_check', sql`${t.decision} in ('approve', 'changes_requested')`)
	]
);

/** A comment on a passage of one version (by the author or a reviewer). */
export const draftComments = pgTable(
	'draft_comments',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		draftId: uuid('draft_id')
			.notNull()
			.references(() => drafts.id, { onDelete: 'cascade' }),
		authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
		authorName: text('author_name').notNull(),
		version: integer('version').notNull(),
		start: integer('start').notNull(),
		end: integer('end').notNull(),
		/** The passage as it was when commented on. */
		quote: text('quote').notNull(),
		body: text('body').notNull(),
		resolvedAt: timestamp('resolved_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('draft_comments_draft_idx').on(t.draftId, t.createdAt),
		check('draft_comments_span_check', sql`${t.start} >= 0 and ${t.end} >= ${t.start}`)
	]
);

export type Draft = typeof drafts.$inferSelect;
export type DraftVersion = typeof draftVersions.$inferSelect;
export type DraftEdit = typeof draftEdits.$inferSelect;
export type DraftVariant = typeof draftVariants.$inferSelect;
export type DraftReviewer = typeof draftReviewers.$inferSelect;
export type DraftDecision = typeof draftDecisions.$inferSelect;
export type DraftComment = typeof draftComments.$inferSelect;
