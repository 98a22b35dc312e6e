import { boolean, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * Search synonyms and acronyms ("A&E" = "emergency department"): a question containing the term or any
 * synonym also searches for the others. Seeded from wordlists/nhs-synonyms.json; admins edit them.
 */
export const searchSynonyms = pgTable(
	'search_synonyms',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		term: text('term').notNull(),
		synonyms: jsonb('synonyms').$type<string[]>().notNull(),
		builtIn: boolean('built_in').notNull().default(false),
		updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('search_synonyms_term_idx').on(t.term)]
);

export type SearchSynonym = typeof searchSynonyms.$inferSelect;
