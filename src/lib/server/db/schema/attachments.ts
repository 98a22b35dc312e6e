import { sql } from 'drizzle-orm';
import { check, customType, index, integer, jsonb, pgTable, text, timestamp, uuid, vector } from 'drizzle-orm/pg-core';
import { chats } from './chats';
import { EMBEDDING_STORAGE_DIMENSIONS } from './corpus';
import { users } from './users';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const attachmentKinds = ['document', 'transcript', 'table'] as const;
export type AttachmentKind = (typeof attachmentKinds)[number];

/**
 * A person's own file in a chat. Only the extracted text is kept (never the original bytes). Tables keep
 * their header and rows as JSON (`columns`, `rows`: one array of cell strings per row, in column order) so
 * an analysis can read the rows of a chosen column without parsing the file again.
 */
export const attachments = pgTable(
	'attachments',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		chatId: uuid('chat_id')
			.notNull()
			.references(() => chats.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		fileName: text('file_name').notNull(),
		kind: text('kind', { enum: attachmentKinds }).notNull(),
		/** What the content was read as (pdf, docx, html, markdown, text, vtt, srt, csv, xlsx). */
		format: text('format').notNull(),
		byteSize: integer('byte_size').notNull(),
		chars: integer('chars').notNull(),
		text: text('text').notNull(),
		columns: jsonb('columns').$type<string[]>(),
		rows: jsonb('rows').$type<string[][]>(),
		rowCount: integer('row_count'),
		/** Personal data the guard found in the stored text: counts by kind only, never the text found. */
		personalData: jsonb('personal_data').$type<Record<string, number>>().notNull().default({}),
		/** Set when the person replaced the personal data with placeholders. */
		redactedAt: timestamp('redacted_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('attachments_chat_idx').on(t.chatId, t.createdAt),
		index('attachments_user_idx').on(t.userId),
		check('attachments_kind_check', sql`${t.kind} in ('document', 'transcript', 'table')`)
	]
);

/** Passages of an attachment, searched like guidance (vector + full text) but only within one chat's files. */
export const attachmentChunks = pgTable(
	'attachment_chunks',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		attachmentId: uuid('attachment_id')
			.notNull()
			.references(() => attachments.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		heading: text('heading').notNull().default(''),
		text: text('text').notNull(),
		tokenCount: integer('token_count').notNull(),
		embedding: vector('embedding', { dimensions: EMBEDDING_STORAGE_DIMENSIONS }),
		embeddingModel: text('embedding_model'),
		tsv: tsvector('tsv')
			.notNull()
			.generatedAlwaysAs(
				sql`setweight(to_tsvector('english', coalesce(heading, '')), 'A') || setweight(to_tsvector('english', coalesce(text, '')), 'B')`
			)
	},
	(t) => [
		index('attachment_chunks_attachment_idx').on(t.attachmentId, t.position),
		index('attachment_chunks_tsv_idx').using('gin', t.tsv)
	]
);

export type Attachment = typeof attachments.$inferSelect;
export type AttachmentChunk = typeof attachmentChunks.$inferSelect;
