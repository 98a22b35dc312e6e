import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	serial,
	text,
	timestamp,
	uuid
} from 'drizzle-orm/pg-core';
import { users } from './users';

/** Organisation settings an admin changes on screen (guard mode, retention, disclosure…), one row per key. */
export const settings = pgTable('settings', {
	key: text('key').primaryKey(),
	value: jsonb('value').notNull(),
	updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/** Each text of the acceptable-use statement; the highest version is the current one. */
export const acceptableUseVersions = pgTable(
	'acceptable_use_versions',
	{
		version: serial('version').primaryKey(),
		text: text('text').notNull(),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [check('acceptable_use_text_check', sql`char_length(trim(${t.text})) > 0`)]
);

export const acceptableUseAcceptances = pgTable(
	'acceptable_use_acceptances',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		version: integer('version')
			.notNull()
			.references(() => acceptableUseVersions.version, { onDelete: 'cascade' }),
		acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.version] })]
);

/**
 * A draft-check rule: a pattern that finds text against NHS style or inclusive-language guidance.
 * `exceptions` are patterns that, when they match around a finding, mean it is not one ("illegal drugs").
 */
export const styleRules = pgTable(
	'style_rules',
	{
		id: text('id').primaryKey(),
		category: text('category').notNull(),
		pattern: text('pattern').notNull(),
		caseSensitive: boolean('case_sensitive').notNull().default(false),
		exceptions: jsonb('exceptions').$type<string[]>().notNull().default([]),
		message: text('message').notNull(),
		suggestion: text('suggestion').notNull().default(''),
		/** The guidance it comes from: a corpus document (collection/slug) and the official page. */
		documentRef: text('document_ref'),
		sourceUrl: text('source_url'),
		enabled: boolean('enabled').notNull().default(true),
		builtIn: boolean('built_in').notNull().default(false),
		updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('style_rules_category_idx').on(t.category)]
);

/**
 * The personal-data guard's record of what it found: kinds and counts only, never the text. `action`
 * says what the person did (replaced, edited, sent anyway with a reason, or blocked).
 */
export const guardEvents = pgTable(
	'guard_events',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
		counts: jsonb('counts').$type<Record<string, number>>().notNull(),
		action: text('action').notNull(),
		reason: text('reason'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('guard_events_created_idx').on(t.createdAt)]
);

export type StyleRule = typeof styleRules.$inferSelect;
export type GuardEvent = typeof guardEvents.$inferSelect;
