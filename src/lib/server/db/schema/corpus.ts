import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	customType,
	date,
	index,
	integer,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid,
	vector
} from 'drizzle-orm/pg-core';
import { users } from './users';
import { LOCAL_EMBEDDER_ID, OWN_INDEX_DIMENSIONS } from '../../llm/embeddings/types';

const LOCAL_DIMENSIONS = sql.raw(String(OWN_INDEX_DIMENSIONS[LOCAL_EMBEDDER_ID]));
const LOCAL_MODEL = sql.raw(`'${LOCAL_EMBEDDER_ID}'`);

/**
 * Width of the embedding column. pgvector's HNSW index needs one fixed dimension, so every
 * embedding model's vectors are L2-normalised and zero-padded to this width (padding with zeros
 * leaves cosine distance unchanged). Models with up to 1,024 dimensions share one column and one
 * index; each chunk records the model that made its vector and searches only compare vectors of
 * the current model.
 */
export const EMBEDDING_STORAGE_DIMENSIONS = 1024;

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const documentStatuses = ['draft', 'published', 'archived'] as const;
export type DocumentStatus = (typeof documentStatuses)[number];

export const collections = pgTable('collections', {
	id: uuid('id').primaryKey().defaultRandom(),
	slug: text('slug').notNull().unique(),
	name: text('name').notNull(),
	description: text('description').notNull().default(''),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

export const documents = pgTable(
	'documents',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		collectionId: uuid('collection_id')
			.notNull()
			.references(() => collections.id, { onDelete: 'restrict' }),
		/** Stable name within the collection (from the file name), so re-ingesting a file makes a new version. */
		slug: text('slug').notNull(),
		title: text('title').notNull(),
		sourceUrl: text('source_url'),
		owner: text('owner').notNull().default(''),
		status: text('status', { enum: documentStatuses }).notNull().default('draft'),
		reviewBy: date('review_by', { mode: 'string' }),
		currentVersion: integer('current_version').notNull().default(1),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('documents_collection_slug_idx').on(t.collectionId, t.slug),
		index('documents_status_idx').on(t.status),
		check('documents_status_check', sql`${t.status} in ('draft', 'published', 'archived')`)
	]
);

export const documentVersions = pgTable(
	'document_versions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		documentId: uuid('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		contentHash: text('content_hash').notNull(),
		fileName: text('file_name').notNull(),
		fileType: text('file_type').notNull(),
		byteSize: integer('byte_size').notNull(),
		chunkCount: integer('chunk_count').notNull().default(0),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('document_versions_document_version_idx').on(t.documentId, t.version),
		index('document_versions_content_hash_idx').on(t.contentHash)
	]
);

export const chunks = pgTable(
	'chunks',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		versionId: uuid('version_id')
			.notNull()
			.references(() => documentVersions.id, { onDelete: 'cascade' }),
		// Denormalised so that retrieval filters without joins.
		documentId: uuid('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		collectionId: uuid('collection_id').notNull(),
		position: integer('position').notNull(),
		heading: text('heading').notNull().default(''),
		/**
		 * The document's title, copied here so the full-text index can weigh it with the heading (a generated
		 * column cannot read another table). Kept in step by the queries that set or change a title.
		 */
		documentTitle: text('document_title').notNull().default(''),
		text: text('text').notNull(),
		tokenCount: integer('token_count').notNull(),
		/** True only for chunks of the current version of a published document: what retrieval may return. */
		searchable: boolean('searchable').notNull().default(false),
		embedding: vector('embedding', { dimensions: EMBEDDING_STORAGE_DIMENSIONS }),
		embeddingModel: text('embedding_model'),
		/** Stored in the row itself (storage MAIN, migration 0020): keyword search reads it several times per passage. */
		tsv: tsvector('tsv')
			.notNull()
			.generatedAlwaysAs(
				sql`setweight(to_tsvector('english', coalesce(document_title, '')), 'D') || setweight(to_tsvector('english', coalesce(heading, '')), 'A') || setweight(to_tsvector('english', coalesce(text, '')), 'B')`
			)
	},
	(t) => [
		index('chunks_version_position_idx').on(t.versionId, t.position),
		index('chunks_document_idx').on(t.documentId),
		index('chunks_embedding_model_idx').on(t.embeddingModel),
		// The built-in model's vectors are indexed over their own 100 dimensions only (a tenth of the size);
		// every other model's over the whole column. Search uses the same expressions and predicates
		// (db/queries/retrieval.ts), which is what lets PostgreSQL pick the right partial index.
		index('chunks_embedding_hnsw_idx')
			.using('hnsw', t.embedding.op('vector_cosine_ops'))
			.where(sql`${t.searchable} and ${t.embeddingModel} <> ${LOCAL_MODEL}`),
		index('chunks_embedding_local_hnsw_idx')
			.using(
				'hnsw',
				sql`(subvector(${t.embedding}, 1, ${LOCAL_DIMENSIONS})::vector(${LOCAL_DIMENSIONS})) vector_cosine_ops`
			)
			.where(sql`${t.searchable} and ${t.embeddingModel} = ${LOCAL_MODEL}`),
		index('chunks_tsv_idx').using('gin', t.tsv)
	]
);

export type Collection = typeof collections.$inferSelect;
export type Document = typeof documents.$inferSelect;
export type DocumentVersion = typeof documentVersions.$inferSelect;
export type Chunk = typeof chunks.$inferSelect;
