import { and, asc, count, desc, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import { getDb, type Database } from '..';
import {
	chunks,
	collections,
	documentVersions,
	documents,
	type Collection,
	type Document,
	type DocumentStatus,
	type DocumentVersion
} from '../schema';

export type CollectionSummary = Collection & { documentCount: number };

export async function listCollections(): Promise<CollectionSummary[]> {
	const db = await getDb();
	return db
		.select({
			id: collections.id,
			slug: collections.slug,
			name: collections.name,
			description: collections.description,
			createdAt: collections.createdAt,
			updatedAt: collections.updatedAt,
			// Raw names: in a single-table select drizzle renders columns unqualified, which would make this compare documents.id.
			documentCount: sql<number>`(select count(*)::int from documents d where d.collection_id = collections.id)`
		})
		.from(collections)
		.orderBy(asc(collections.name));
}

export async function findCollectionBySlug(slug: string): Promise<Collection | undefined> {
	const db = await getDb();
	const [row] = await db.select().from(collections).where(eq(collections.slug, slug)).limit(1);
	return row;
}

export async function findCollectionById(id: string): Promise<Collection | undefined> {
	const db = await getDb();
	const [row] = await db.select().from(collections).where(eq(collections.id, id)).limit(1);
	return row;
}

export async function insertCollection(input: {
	slug: string;
	name: string;
	description?: string;
}): Promise<Collection> {
	const db = await getDb();
	const [row] = await db
		.insert(collections)
		.values({ slug: input.slug, name: input.name, description: input.description ?? '' })
		.returning();
	return row;
}

export async function updateCollection(
	id: string,
	input: { name: string; description: string }
): Promise<Collection | undefined> {
	const db = await getDb();
	const [row] = await db
		.update(collections)
		.set({ name: input.name, description: input.description, updatedAt: new Date() })
		.where(eq(collections.id, id))
		.returning();
	return row;
}

export type DocumentRow = Document & { collectionSlug: string; collectionName: string; chunkCount: number };

const documentRowColumns = {
	id: documents.id,
	collectionId: documents.collectionId,
	slug: documents.slug,
	title: documents.title,
	sourceUrl: documents.sourceUrl,
	owner: documents.owner,
	status: documents.status,
	reviewBy: documents.reviewBy,
	currentVersion: documents.currentVersion,
	createdBy: documents.createdBy,
	createdAt: documents.createdAt,
	updatedAt: documents.updatedAt,
	collectionSlug: collections.slug,
	collectionName: collections.name,
	chunkCount: sql<number>`coalesce(${documentVersions.chunkCount}, 0)`
};

/** Documents with their collection and the passage count of their current version. */
function selectDocumentRows(db: Database, where: SQL | undefined) {
	return db
		.select(documentRowColumns)
		.from(documents)
		.innerJoin(collections, eq(collections.id, documents.collectionId))
		.leftJoin(
			documentVersions,
			and(eq(documentVersions.documentId, documents.id), eq(documentVersions.version, documents.currentVersion))
		)
		.where(where);
}

export async function listDocuments(filter: { collectionId?: string } = {}): Promise<DocumentRow[]> {
	const db = await getDb();
	return selectDocumentRows(
		db,
		filter.collectionId ? eq(documents.collectionId, filter.collectionId) : undefined
	).orderBy(asc(collections.name), asc(documents.title));
}

export async function findDocument(id: string): Promise<DocumentRow | undefined> {
	const db = await getDb();
	const [row] = await selectDocumentRows(db, eq(documents.id, id)).limit(1);
	return row;
}

export async function listDocumentVersions(documentId: string): Promise<DocumentVersion[]> {
	const db = await getDb();
	return db
		.select()
		.from(documentVersions)
		.where(eq(documentVersions.documentId, documentId))
		.orderBy(desc(documentVersions.version));
}

export async function listVersionChunks(documentId: string, version: number) {
	const db = await getDb();
	return db
		.select({
			id: chunks.id,
			position: chunks.position,
			heading: chunks.heading,
			text: chunks.text,
			tokenCount: chunks.tokenCount,
			embeddingModel: chunks.embeddingModel
		})
		.from(chunks)
		.innerJoin(documentVersions, eq(documentVersions.id, chunks.versionId))
		.where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.version, version)))
		.orderBy(asc(chunks.position));
}

/** The document whose current version has exactly these bytes, if any. */
export async function findCurrentByHash(contentHash: string): Promise<{ id: string; title: string } | undefined> {
	const db = await getDb();
	const [row] = await db
		.select({ id: documents.id, title: documents.title })
		.from(documentVersions)
		.innerJoin(
			documents,
			and(eq(documents.id, documentVersions.documentId), eq(documents.currentVersion, documentVersions.version))
		)
		.where(eq(documentVersions.contentHash, contentHash))
		.limit(1);
	return row;
}

export type NewChunk = {
	position: number;
	heading: string;
	text: string;
	tokenCount: number;
	embedding: number[];
	embeddingModel: string;
};

export type VersionInput = {
	collectionId: string;
	/** Replace this document (a new version); otherwise the slug decides. */
	documentId?: string;
	slug: string;
	title: string;
	sourceUrl: string | null;
	owner: string;
	reviewBy: string | null;
	status: DocumentStatus;
	createdBy: string | null;
	fileName: string;
	fileType: string;
	byteSize: number;
	contentHash: string;
	chunks: NewChunk[];
};

export type VersionOutcome = { documentId: string; version: number; outcome: 'created' | 'new_version' | 'unchanged' };

/**
 * Writes a document version and its chunks in one transaction: a failure leaves nothing behind.
 * A new version replaces the previous one for retrieval; the old chunks stay for the history.
 */
export async function saveDocumentVersion(input: VersionInput): Promise<VersionOutcome> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [existing] = await tx
			.select()
			.from(documents)
			.where(
				input.documentId
					? eq(documents.id, input.documentId)
					: and(eq(documents.collectionId, input.collectionId), eq(documents.slug, input.slug))
			)
			.for('update')
			.limit(1);

		if (existing) {
			const [current] = await tx
				.select({ contentHash: documentVersions.contentHash })
				.from(documentVersions)
				.where(
					and(eq(documentVersions.documentId, existing.id), eq(documentVersions.version, existing.currentVersion))
				);
			if (current?.contentHash === input.contentHash) {
				return { documentId: existing.id, version: existing.currentVersion, outcome: 'unchanged' as const };
			}
		}

		const version = existing ? existing.currentVersion + 1 : 1;
		const status = existing && input.documentId ? existing.status : input.status;
		let documentId: string;
		if (existing) {
			documentId = existing.id;
			await tx
				.update(documents)
				.set({
					title: input.title,
					sourceUrl: input.sourceUrl ?? existing.sourceUrl,
					owner: input.owner || existing.owner,
					reviewBy: input.reviewBy ?? existing.reviewBy,
					status,
					currentVersion: version,
					updatedAt: new Date()
				})
				.where(eq(documents.id, documentId));
			await tx
				.update(chunks)
				.set({ searchable: false, documentTitle: input.title })
				.where(eq(chunks.documentId, documentId));
		} else {
			const [row] = await tx
				.insert(documents)
				.values({
					collectionId: input.collectionId,
					slug: input.slug,
					title: input.title,
					sourceUrl: input.sourceUrl,
					owner: input.owner,
					reviewBy: input.reviewBy,
					status,
					currentVersion: 1,
					createdBy: input.createdBy
				})
				.returning({ id: documents.id });
			documentId = row.id;
		}

		const [versionRow] = await tx
			.insert(documentVersions)
			.values({
				documentId,
				version,
				contentHash: input.contentHash,
				fileName: input.fileName,
				fileType: input.fileType,
				byteSize: input.byteSize,
				chunkCount: input.chunks.length,
				createdBy: input.createdBy
			})
			.returning({ id: documentVersions.id });

		const collectionId = existing?.collectionId ?? input.collectionId;
		for (let i = 0; i < input.chunks.length; i += 200) {
			await tx.insert(chunks).values(
				input.chunks.slice(i, i + 200).map((c) => ({
					versionId: versionRow.id,
					documentId,
					collectionId,
					position: c.position,
					heading: c.heading,
					documentTitle: input.title,
					text: c.text,
					tokenCount: c.tokenCount,
					searchable: status === 'published',
					embedding: c.embedding,
					embeddingModel: c.embeddingModel
				}))
			);
		}
		return { documentId, version, outcome: existing ? ('new_version' as const) : ('created' as const) };
	});
}

/** Publishes, archives or returns a document to draft; only a published document's current chunks are searchable. */
export async function setDocumentStatus(id: string, status: DocumentStatus): Promise<Document | undefined> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [doc] = await tx
			.update(documents)
			.set({ status, updatedAt: new Date() })
			.where(eq(documents.id, id))
			.returning();
		if (!doc) return undefined;
		await tx.execute(sql`
			update ${chunks} c set searchable = (${status === 'published'} and v.version = ${doc.currentVersion})
			from ${documentVersions} v where v.id = c.version_id and c.document_id = ${id}`);
		return doc;
	});
}

export async function updateDocumentDetails(
	id: string,
	input: { title: string; sourceUrl: string | null; owner: string; reviewBy: string | null }
): Promise<Document | undefined> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [row] = await tx
			.update(documents)
			.set({ ...input, updatedAt: new Date() })
			.where(eq(documents.id, id))
			.returning();
		// The full-text index reads the title from each passage (see the chunks table).
		if (row) await tx.update(chunks).set({ documentTitle: row.title }).where(eq(chunks.documentId, id));
		return row;
	});
}

export async function deleteDocument(id: string): Promise<boolean> {
	const db = await getDb();
	const rows = await db.delete(documents).where(eq(documents.id, id)).returning({ id: documents.id });
	return rows.length > 0;
}

export async function countDocuments(): Promise<number> {
	const db = await getDb();
	const [row] = await db.select({ n: count() }).from(documents);
	return row.n;
}

/** Documents a person added (the sample library is loaded with no author). */
export async function countDocumentsAddedByPeople(): Promise<number> {
	const db = await getDb();
	const [row] = await db.select({ n: count() }).from(documents).where(isNotNull(documents.createdBy));
	return row.n;
}

export async function countChunks(): Promise<number> {
	const db = await getDb();
	const [row] = await db.select({ n: count() }).from(chunks);
	return row.n;
}
