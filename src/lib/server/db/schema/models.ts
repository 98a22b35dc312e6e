import { sql } from 'drizzle-orm';
import { check, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/** A chosen model of a connection: the provider's id (or Azure deployment) and the label people see. */
export type StoredModelChoice = { id: string; label: string };

/**
 * The model connection an administrator set up on Admin › Models, one per purpose (`chat` today).
 * The API key is only ever stored encrypted with SECRETS_KEY (see lib/server/secrets): never plaintext.
 * Environment variables win over these values where they are set.
 */
export const modelConnections = pgTable(
	'model_connections',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		purpose: text('purpose').notNull(),
		kind: text('kind').notNull(),
		/** OpenAI-compatible servers: e.g. http://localhost:11434/v1. */
		baseUrl: text('base_url'),
		/** Azure OpenAI: the resource endpoint and API version. */
		endpoint: text('endpoint'),
		apiVersion: text('api_version'),
		/** `v1.<nonce>.<tag>.<ciphertext>` (AES-256-GCM); null when no key is needed or none was given. */
		apiKeyEncrypted: text('api_key_encrypted'),
		/** The models people may choose, in order, with their labels. */
		models: jsonb('models').$type<StoredModelChoice[]>().notNull().default([]),
		defaultModel: text('default_model'),
		updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('model_connections_purpose_idx').on(t.purpose),
		check('model_connections_purpose_check', sql`${t.purpose} in ('chat', 'embeddings')`),
		check('model_connections_kind_check', sql`${t.kind} in ('openai-compatible', 'openai', 'azure')`),
		check('model_connections_key_check', sql`${t.apiKeyEncrypted} is null or ${t.apiKeyEncrypted} like 'v1.%'`)
	]
);

export type ModelConnectionRow = typeof modelConnections.$inferSelect;
