import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '..';
import { attachmentChunks, attachments, type Attachment, type AttachmentKind } from '../schema';
import { isUuid } from './chats';
import { rowsOf } from './rows';

export type AttachmentRow = Omit<Attachment, 'text' | 'rows'>;
export type AttachmentWithText = Attachment;

const metaColumns = {
	id: attachments.id,
	chatId: attachments.chatId,
	userId: attachments.userId,
	fileName: attachments.fileName,
	kind: attachments.kind,
	format: attachments.format,
	byteSize: attachments.byteSize,
	chars: attachments.chars,
	columns: attachments.columns,
	rowCount: attachments.rowCount,
	personalData: attachments.personalData,
	redactedAt: attachments.redactedAt,
	createdAt: attachments.createdAt
};

export type NewAttachmentChunk = {
	position: number;
	heading: string;
	text: string;
	tokenCount: number;
	embedding: number[];
	embeddingModel: string;
};

/** Saves an attachment and its passages in one transaction, so a failure leaves nothing behind. */
export async function insertAttachment(
	input: {
		chatId: string;
		userId: string;
		fileName: string;
		kind: AttachmentKind;
		format: string;
		byteSize: number;
		text: string;
		columns: string[] | null;
		rows: string[][] | null;
		personalData: Record<string, number>;
	},
	chunks: NewAttachmentChunk[]
): Promise<AttachmentRow> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(attachments)
			.values({ ...input, chars: input.text.length, rowCount: input.rows?.length ?? null })
			.returning(metaColumns);
		await insertChunks(tx, row.id, chunks);
		return row;
	});
}

type Tx = Parameters<Parameters<Awaited<ReturnType<typeof getDb>>['transaction']>[0]>[0];

async function insertChunks(tx: Tx, attachmentId: string, chunks: NewAttachmentChunk[]): Promise<void> {
	for (let i = 0; i < chunks.length; i += 200) {
		const batch = chunks.slice(i, i + 200);
		if (batch.length) await tx.insert(attachmentChunks).values(batch.map((c) => ({ ...c, attachmentId })));
	}
}

/** Replaces an attachment's text, rows, passages and personal-data counts together (after redaction). */
export async function replaceAttachmentText(
	id: string,
	input: { text: string; rows: string[][] | null; personalData: Record<string, number> },
	chunks: NewAttachmentChunk[]
): Promise<AttachmentRow | undefined> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [row] = await tx
			.update(attachments)
			.set({ ...input, chars: input.text.length, rowCount: input.rows?.length ?? null, redactedAt: sql`now()` })
			.where(eq(attachments.id, id))
			.returning(metaColumns);
		if (!row) return undefined;
		await tx.delete(attachmentChunks).where(eq(attachmentChunks.attachmentId, id));
		await insertChunks(tx, id, chunks);
		return row;
	});
}

/** The chat's attachments, oldest first (metadata only). */
export async function listAttachments(chatId: string): Promise<AttachmentRow[]> {
	const db = await getDb();
	return db
		.select(metaColumns)
		.from(attachments)
		.where(eq(attachments.chatId, chatId))
		.orderBy(asc(attachments.createdAt), asc(attachments.id));
}

/** An attachment of this chat owned by this person, with its text; otherwise nothing (404 either way). */
export async function findAttachment(
	chatId: string,
	id: string,
	userId: string
): Promise<AttachmentWithText | undefined> {
	if (!isUuid(id) || !isUuid(chatId)) return undefined;
	const db = await getDb();
	const [row] = await db
		.select()
		.from(attachments)
		.where(and(eq(attachments.id, id), eq(attachments.chatId, chatId), eq(attachments.userId, userId)))
		.limit(1);
	return row;
}

/** Several attachments of one chat and owner, with text, in the order asked; missing ids are left out. */
export async function findAttachments(chatId: string, ids: string[], userId: string): Promise<AttachmentWithText[]> {
	const valid = ids.filter(isUuid);
	if (!valid.length) return [];
	const db = await getDb();
	const rows = await db
		.select()
		.from(attachments)
		.where(and(inArray(attachments.id, valid), eq(attachments.chatId, chatId), eq(attachments.userId, userId)));
	return valid.map((id) => rows.find((r) => r.id === id)).filter((r): r is AttachmentWithText => !!r);
}

export async function deleteAttachment(chatId: string, id: string, userId: string): Promise<boolean> {
	if (!isUuid(id) || !isUuid(chatId)) return false;
	const db = await getDb();
	const deleted = await db
		.delete(attachments)
		.where(and(eq(attachments.id, id), eq(attachments.chatId, chatId), eq(attachments.userId, userId)))
		.returning({ id: attachments.id });
	return deleted.length > 0;
}

export type AttachmentPassage = {
	chunkId: string;
	attachmentId: string;
	fileName: string;
	position: number;
	heading: string;
	text: string;
	tokenCount: number;
};

/** Every passage of the attachments, in file then reading order. */
export async function listAttachmentPassages(ids: string[]): Promise<AttachmentPassage[]> {
	if (!ids.length) return [];
	const db = await getDb();
	const rows = await db
		.select({
			chunkId: attachmentChunks.id,
			attachmentId: attachmentChunks.attachmentId,
			fileName: attachments.fileName,
			position: attachmentChunks.position,
			heading: attachmentChunks.heading,
			text: attachmentChunks.text,
			tokenCount: attachmentChunks.tokenCount
		})
		.from(attachmentChunks)
		.innerJoin(attachments, eq(attachments.id, attachmentChunks.attachmentId))
		.where(inArray(attachmentChunks.attachmentId, ids))
		.orderBy(asc(attachmentChunks.position));
	return ids.flatMap((id) => rows.filter((r) => r.attachmentId === id));
}

const RRF_K = 60;

/**
 * The passages of these attachments that best answer a question: reciprocal rank fusion of vector
 * similarity (same model only) and full-text rank, as guidance search does. Files are small, so the
 * vector half compares the query with every passage (exact, no index needed).
 */
export async function searchAttachmentPassages(search: {
	attachmentIds: string[];
	vector?: number[];
	embeddingModel: string;
	keywordQuery?: string;
	k: number;
}): Promise<AttachmentPassage[]> {
	if (!search.attachmentIds.length) return [];
	const db = await getDb();
	const ids = sql.join(
		search.attachmentIds.map((id) => sql`${id}::uuid`),
		sql`, `
	);
	const candidates = search.k * 5;
	const vectorCte = search.vector
		? sql`v as (select id, row_number() over (order by dist) as rank from (
				select c.id, c.embedding <=> ${`[${search.vector.join(',')}]`}::vector as dist from attachment_chunks c
				where c.attachment_id in (${ids}) and c.embedding_model = ${search.embeddingModel}
				order by dist limit ${candidates}) n)`
		: sql`v as (select null::uuid as id, null::bigint as rank where false)`;
	const keywordCte = search.keywordQuery?.trim()
		? sql`kw as (select id, row_number() over (order by score desc, id) as rank from (
				select c.id, ts_rank_cd(c.tsv, q) as score from attachment_chunks c, websearch_to_tsquery('english', ${search.keywordQuery}) q
				where c.attachment_id in (${ids}) and c.tsv @@ q order by score desc limit ${candidates}) m)`
		: sql`kw as (select null::uuid as id, null::bigint as rank where false)`;
	const rows = rowsOf<AttachmentPassage & { score: number }>(
		await db.execute(sql`
			with ${vectorCte}, ${keywordCte},
			fused as (
				select coalesce(v.id, kw.id) as id,
					coalesce(1.0 / (${RRF_K} + v.rank), 0) + coalesce(1.0 / (${RRF_K} + kw.rank), 0) as score
				from v full outer join kw on kw.id = v.id
			)
			select c.id as "chunkId", c.attachment_id as "attachmentId", a.file_name as "fileName", c.position,
				c.heading, c.text, c.token_count as "tokenCount", f.score
			from fused f join attachment_chunks c on c.id = f.id join attachments a on a.id = c.attachment_id
			order by f.score desc, c.position
			limit ${search.k}`)
	);
	return rows.map((r) => ({ ...r, position: Number(r.position), tokenCount: Number(r.tokenCount) }));
}

/** Metadata of every attachment in these chats, for the person's data export. */
export async function listAttachmentsForChats(chatIds: string[]): Promise<AttachmentRow[]> {
	if (!chatIds.length) return [];
	const db = await getDb();
	return db
		.select(metaColumns)
		.from(attachments)
		.where(inArray(attachments.chatId, chatIds))
		.orderBy(asc(attachments.createdAt));
}

/** Attachment passages whose vector came from another embedding model (or has none), for re-embedding. */
export async function attachmentChunksToEmbed(
	model: string,
	limit: number
): Promise<{ id: string; heading: string; text: string }[]> {
	const db = await getDb();
	return rowsOf(
		await db.execute(sql`
			select id, heading, text from attachment_chunks
			where embedding_model is distinct from ${model}
			order by id
			limit ${limit}`)
	);
}

export async function countAttachmentChunksToEmbed(model: string): Promise<number> {
	const db = await getDb();
	const [row] = rowsOf<{ n: number }>(
		await db.execute(
			sql`select count(*)::int as n from attachment_chunks where embedding_model is distinct from ${model}`
		)
	);
	return Number(row?.n ?? 0);
}

export async function saveAttachmentChunkEmbeddings(
	rows: { id: string; embedding: number[] }[],
	model: string
): Promise<void> {
	if (!rows.length) return;
	const db = await getDb();
	await db.transaction(async (tx) => {
		for (const r of rows) {
			await tx.execute(
				sql`update attachment_chunks set embedding = ${`[${r.embedding.join(',')}]`}::vector, embedding_model = ${model} where id = ${r.id}::uuid`
			);
		}
	});
}
