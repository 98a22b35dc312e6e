import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	customType,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
	uuid,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import type { PromptVersion, StoredSource } from '../../../schemas/chat';
import type { ChatBrief } from '../../../schemas/assistant';
import { assistants } from './assistants';
import { users } from './users';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const messageRoles = ['user', 'assistant'] as const;
export const messageStatuses = ['complete', 'streaming', 'stopped', 'error', 'interrupted'] as const;

export const chats = pgTable(
	'chats',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** Empty until the first answer names the chat (or the person does). */
		title: text('title').notNull().default(''),
		useGuidance: boolean('use_guidance').notNull().default(true),
		assistantId: uuid('assistant_id').references(() => assistants.id, { onDelete: 'set null' }),
		/** The assistant version the chat was started with (and drafts with). */
		assistantVersion: integer('assistant_version'),
		/** The assistant's brief: intake questions, what the opening request answered and the drafter's answers. */
		brief: jsonb('brief').$type<ChatBrief>(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		tsv: tsvector('tsv')
			.notNull()
			.generatedAlwaysAs(sql`to_tsvector('english', coalesce(title, ''))`)
	},
	(t) => [index('chats_user_updated_idx').on(t.userId, t.updatedAt), index('chats_tsv_idx').using('gin', t.tsv)]
);

export const messages = pgTable(
	'messages',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		chatId: uuid('chat_id')
			.notNull()
			.references(() => chats.id, { onDelete: 'cascade' }),
		role: text('role', { enum: messageRoles }).notNull(),
		content: text('content').notNull().default(''),
		status: text('status', { enum: messageStatuses }).notNull().default('complete'),
		errorMessage: text('error_message'),
		model: text('model'),
		promptVersions: jsonb('prompt_versions').$type<PromptVersion[]>(),
		/** The cited passages copied in full, so an old answer keeps what it cited after a document changes. */
		sources: jsonb('sources').$type<StoredSource[]>(),
		/** An assistant message answers this user message; answers to the same message are branches. */
		parentId: uuid('parent_id').references((): AnyPgColumn => messages.id, { onDelete: 'set null' }),
		promptTokens: integer('prompt_tokens'),
		completionTokens: integer('completion_tokens'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		tsv: tsvector('tsv')
			.notNull()
			.generatedAlwaysAs(sql`to_tsvector('english', coalesce(content, ''))`)
	},
	(t) => [
		index('messages_chat_created_idx').on(t.chatId, t.createdAt),
		index('messages_streaming_idx')
			.on(t.status)
			.where(sql`${t.status} = 'streaming'`),
		index('messages_tsv_idx').using('gin', t.tsv),
		check('messages_role_check', sql`${t.role} in ('user', 'assistant')`),
		check('messages_status_check', sql`${t.status} in ('complete', 'streaming', 'stopped', 'error', 'interrupted')`)
	]
);

export type Chat = typeof chats.$inferSelect;
export type Message = typeof messages.$inferSelect;
