import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	integer,
	jsonb,
	pgTable,
	real,
	text,
	timestamp,
	unique,
	uuid
} from 'drizzle-orm/pg-core';
import type { RubricScore, TestCaseExpect } from '../../../schemas/evaluation';
import { assistants } from './assistants';
import { jobs } from './jobs';
import { users } from './users';

/**
 * An assistant's test cases. A built-in assistant's cases come from `prompts/assistants/<key>.cases.yaml`
 * (`builtinKey` is the case's key in that file, so a changed file updates the same row); a builder's own
 * cases have no key.
 */
export const assistantTestCases = pgTable(
	'assistant_test_cases',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		assistantId: uuid('assistant_id')
			.notNull()
			.references(() => assistants.id, { onDelete: 'cascade' }),
		builtinKey: text('builtin_key'),
		name: text('name').notNull(),
		request: text('request').notNull(),
		answers: jsonb('answers').$type<Record<string, string | string[]>>().notNull().default({}),
		expect: jsonb('expect').$type<TestCaseExpect>().notNull(),
		position: integer('position').notNull().default(0),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('assistant_test_cases_assistant_idx').on(t.assistantId, t.position),
		unique('assistant_test_cases_builtin_key').on(t.assistantId, t.builtinKey)
	]
);

export const evaluationStatuses = ['queued', 'running', 'completed', 'failed'] as const;

/** One run of an assistant version's test cases against one model (a background job). */
export const assistantEvaluations = pgTable(
	'assistant_evaluations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		assistantId: uuid('assistant_id')
			.notNull()
			.references(() => assistants.id, { onDelete: 'cascade' }),
		assistantVersion: integer('assistant_version').notNull(),
		model: text('model').notNull(),
		status: text('status', { enum: evaluationStatuses }).notNull().default('queued'),
		/** `assistant` for an assistant's own cases; `inclusive-audit` for the inclusive-language audit set. */
		suite: text('suite').notNull().default('assistant'),
		total: integer('total').notNull().default(0),
		passedCount: integer('passed_count').notNull().default(0),
		passRate: real('pass_rate'),
		error: text('error'),
		jobId: uuid('job_id').references(() => jobs.id, { onDelete: 'set null' }),
		requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		startedAt: timestamp('started_at', { withTimezone: true }),
		finishedAt: timestamp('finished_at', { withTimezone: true })
	},
	(t) => [
		index('assistant_evaluations_assistant_idx').on(t.assistantId, t.assistantVersion, t.createdAt),
		index('assistant_evaluations_finished_idx').on(t.finishedAt),
		check('assistant_evaluations_status_check', sql`${t.status} in ('queued', 'running', 'completed', 'failed')`)
	]
);

/** One case's outcome within an evaluation: copied name, so a deleted case still reads in history. */
export const assistantEvaluationResults = pgTable(
	'assistant_evaluation_results',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		evaluationId: uuid('evaluation_id')
			.notNull()
			.references(() => assistantEvaluations.id, { onDelete: 'cascade' }),
		testCaseId: uuid('test_case_id').references(() => assistantTestCases.id, { onDelete: 'set null' }),
		position: integer('position').notNull().default(0),
		name: text('name').notNull(),
		passed: boolean('passed').notNull(),
		reasons: jsonb('reasons').$type<string[]>().notNull().default([]),
		output: text('output').notNull().default(''),
		asked: jsonb('asked').$type<string[]>().notNull().default([]),
		rubric: jsonb('rubric').$type<RubricScore | null>(),
		durationMs: integer('duration_ms'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('assistant_evaluation_results_evaluation_idx').on(t.evaluationId, t.position),
		unique('assistant_evaluation_results_case_key').on(t.evaluationId, t.testCaseId)
	]
);

export type AssistantTestCase = typeof assistantTestCases.$inferSelect;
export type AssistantEvaluation = typeof assistantEvaluations.$inferSelect;
export type AssistantEvaluationResult = typeof assistantEvaluationResults.$inferSelect;
