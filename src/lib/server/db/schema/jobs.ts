import { sql } from 'drizzle-orm';
import { check, customType, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export const jobStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof jobStatuses)[number];

/**
 * Long work (upload batches, re-embedding, retention) runs in the background. Jobs live in the
 * database so that any instance may run them, each exactly once at a time (claimed with
 * `for update skip locked`); a running job whose heartbeat is stale (its instance died) is claimed
 * again, and finished items are not redone. A failed attempt is retried after a pause.
 */
export const jobs = pgTable(
	'jobs',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kind: text('kind').notNull(),
		status: text('status', { enum: jobStatuses }).notNull().default('queued'),
		payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
		progress: integer('progress').notNull().default(0),
		total: integer('total').notNull().default(0),
		error: text('error'),
		attempts: integer('attempts').notNull().default(0),
		/** A failed attempt is tried again after a pause until this many attempts have been made. */
		maxAttempts: integer('max_attempts').notNull().default(3),
		/** Not claimed before this time (a retry's back-off, or a scheduled run). */
		runAfter: timestamp('run_after', { withTimezone: true }).notNull().defaultNow(),
		/** At most one job with the same key is ever queued (e.g. one retention run per period). */
		singletonKey: text('singleton_key').unique(),
		/** The instance running it, for the logs and for finding work a dead instance left behind. */
		lockedBy: text('locked_by'),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		startedAt: timestamp('started_at', { withTimezone: true }),
		heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
		finishedAt: timestamp('finished_at', { withTimezone: true })
	},
	(t) => [
		index('jobs_status_created_idx').on(t.status, t.createdAt),
		index('jobs_status_run_after_idx').on(t.status, t.runAfter),
		check('jobs_status_check', sql`${t.status} in ('queued', 'running', 'succeeded', 'failed')`)
	]
);

export const jobFileStatuses = ['queued', 'done', 'failed', 'skipped'] as const;
export type JobFileStatus = (typeof jobFileStatuses)[number];

/** Files staged for a batch upload job; the bytes are dropped once the file is processed. */
export const jobFiles = pgTable(
	'job_files',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		jobId: uuid('job_id')
			.notNull()
			.references(() => jobs.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		fileName: text('file_name').notNull(),
		byteSize: integer('byte_size').notNull(),
		bytes: bytea('bytes'),
		status: text('status', { enum: jobFileStatuses }).notNull().default('queued'),
		message: text('message'),
		documentId: uuid('document_id')
	},
	(t) => [index('job_files_job_idx').on(t.jobId, t.position)]
);

export type Job = typeof jobs.$inferSelect;
export type JobFile = typeof jobFiles.$inferSelect;
