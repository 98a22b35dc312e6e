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
import type { AssistantDefinition, Intake } from '../../../schemas/assistant';
import { teams } from './teams';
import { users } from './users';

/**
 * An assistant as it stands now. Its full definition is also kept, version by version, in
 * `assistant_versions`; a chat records the version it used.
 */
export const assistants = pgTable(
	'assistants',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** Built-in assistants: the file name in prompts/assistants/ (null for people's own). */
		builtinKey: text('builtin_key').unique(),
		/** Built-in assistants: the file's version, so a changed file updates the assistant. */
		builtinVersion: text('builtin_version'),
		name: text('name').notNull(),
		description: text('description').notNull().default(''),
		category: text('category').notNull(),
		icon: text('icon').notNull().default(''),
		colour: text('colour').notNull().default('blue'),
		instructions: text('instructions').notNull(),
		intake: jsonb('intake').$type<Intake>().notNull(),
		collections: jsonb('collections').$type<string[]>().notNull().default([]),
		starters: jsonb('starters').$type<string[]>().notNull().default([]),
		outputTemplate: text('output_template').notNull().default(''),
		defaultModel: text('default_model'),
		temperature: real('temperature'),
		/** Null for the organisation's own (built-in) assistants. */
		ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
		teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
		visibility: text('visibility', { enum: ['private', 'team', 'organisation'] })
			.notNull()
			.default('private'),
		status: text('status', { enum: ['draft', 'published'] })
			.notNull()
			.default('draft'),
		approval: text('approval', { enum: ['none', 'pending', 'approved', 'declined'] })
			.notNull()
			.default('none'),
		approvalReason: text('approval_reason'),
		approvedBy: uuid('approved_by').references(() => users.id, { onDelete: 'set null' }),
		featured: boolean('featured').notNull().default(false),
		version: integer('version').notNull().default(1),
		/**
		 * For an assistant shared with the organisation: the last approved version, which everyone who
		 * cannot edit it uses while a newer version waits for approval (or was declined). Null when no
		 * version has been approved, or the assistant is not shared with the organisation.
		 */
		liveVersion: integer('live_version'),
		usageCount: integer('usage_count').notNull().default(0),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('assistants_owner_idx').on(t.ownerId),
		index('assistants_team_idx').on(t.teamId),
		check('assistants_visibility_check', sql`${t.visibility} in ('private', 'team', 'organisation')`),
		check('assistants_status_check', sql`${t.status} in ('draft', 'published')`),
		check('assistants_approval_check', sql`${t.approval} in ('none', 'pending', 'approved', 'declined')`),
		check('assistants_team_visibility_check', sql`${t.visibility} <> 'team' or ${t.teamId} is not null`),
		check(
			'assistants_live_version_check',
			sql`${t.liveVersion} is null or (${t.visibility} = 'organisation' and ${t.liveVersion} between 1 and ${t.version})`
		)
	]
);

/** Every save of an assistant: who, when, why, and the whole definition as it was. */
export const assistantVersions = pgTable(
	'assistant_versions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		assistantId: uuid('assistant_id')
			.notNull()
			.references(() => assistants.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		definition: jsonb('definition').$type<AssistantDefinition>().notNull(),
		changeNote: text('change_note').notNull().default(''),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [unique('assistant_versions_assistant_version_key').on(t.assistantId, t.version)]
);

/** The prompt library: saved prompts with {{variables}}, personal, for a team or for everyone. */
export const savedPrompts = pgTable(
	'saved_prompts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'cascade' }),
		teamId: uuid('team_id').references(() => teams.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		body: text('body').notNull(),
		visibility: text('visibility', { enum: ['private', 'team', 'organisation'] })
			.notNull()
			.default('private'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('saved_prompts_owner_idx').on(t.ownerId),
		index('saved_prompts_team_idx').on(t.teamId),
		check('saved_prompts_visibility_check', sql`${t.visibility} in ('private', 'team', 'organisation')`),
		check('saved_prompts_team_visibility_check', sql`${t.visibility} <> 'team' or ${t.teamId} is not null`)
	]
);

/**
 * Which example prompts from prompts/library/examples.yaml have been added to the organisation library.
 * A key is recorded once, when its prompt is first added, and never removed: an administrator's edit or
 * deletion of an example is kept, because the seed only adds keys it has never recorded.
 */
export const promptLibrarySeeds = pgTable('prompt_library_seeds', {
	key: text('key').primaryKey(),
	promptId: uuid('prompt_id').references(() => savedPrompts.id, { onDelete: 'set null' }),
	seededAt: timestamp('seeded_at', { withTimezone: true }).notNull().defaultNow()
});

export type Assistant = typeof assistants.$inferSelect;
export type AssistantVersion = typeof assistantVersions.$inferSelect;
export type SavedPrompt = typeof savedPrompts.$inferSelect;
