/**
 * Attaching a file to a chat: read it, run the personal-data guard, cut it into passages, embed them
 * and save it all in one transaction (a failure leaves nothing behind). The original bytes are never
 * stored. Replacing personal data with placeholders rewrites the text and its passages together.
 */
import type { AttachmentListItem, AttachmentView } from '$lib/schemas/attachment';
import {
	insertAttachment,
	replaceAttachmentText,
	type AttachmentRow,
	type AttachmentWithText,
	type NewAttachmentChunk
} from '../db/queries/attachments';
import { chunkDocument } from '../ingestion/chunking';
import { displayName } from '../ingestion/errors';
import { embeddingText } from '../ingestion/pipeline';
import type { ParsedDocument } from '../ingestion/types';
import { parseMarkdown } from '../ingestion/parsers/markdown';
import { getEmbedder } from '../llm/current-embedder';
import { toStorageVector } from '../llm/embeddings/storage';
import { attachmentError } from './errors';
import { extractAttachment } from './extract';
import { redactText, scanText } from './personal-data';
import { likelyTextColumn, rowLine } from './table';

/** Passages with their vectors, ready to save. */
export async function indexPassages(document: ParsedDocument): Promise<NewAttachmentChunk[]> {
	const pieces = chunkDocument(document);
	if (!pieces.length) return [];
	const embedder = await getEmbedder();
	const headings = pieces.map((c) => c.headingPath.join(' › '));
	const vectors = await embedder.embedDocuments(pieces.map((c, i) => embeddingText(headings[i], c.text)));
	return pieces.map((c, i) => ({
		position: c.position,
		heading: headings[i],
		text: c.text,
		tokenCount: c.tokenCount,
		embedding: toStorageVector(vectors[i]),
		embeddingModel: embedder.id
	}));
}

/** Reads, checks and stores one file; throws AttachmentError (413, 415, 422) for a file we cannot use. */
export async function attachFile(input: {
	chatId: string;
	userId: string;
	fileName: string;
	bytes: Uint8Array;
	maxBytes: number;
}): Promise<AttachmentView> {
	const fileName = displayName(input.fileName).slice(0, 255);
	const extracted = await extractAttachment(input.bytes, fileName, input.maxBytes);
	const personalData = await scanText(extracted.text);
	const chunks = await indexPassages(extracted.document);
	if (!chunks.length) throw attachmentError(422, fileName, 'no readable text was found in this file.');
	const row = await insertAttachment(
		{
			chatId: input.chatId,
			userId: input.userId,
			fileName,
			kind: extracted.kind,
			format: extracted.format,
			byteSize: input.bytes.byteLength,
			text: extracted.text,
			columns: extracted.table?.columns ?? null,
			rows: extracted.table?.rows ?? null,
			personalData: personalData.kinds
		},
		chunks
	);
	const view = attachmentView(row);
	if (extracted.table) view.textColumn = likelyTextColumn(extracted.table);
	return { ...view, personalData };
}

/** Replaces the personal data the guard finds with placeholders, in the text, the rows and the passages. */
export async function redactAttachment(attachment: AttachmentWithText): Promise<AttachmentView | undefined> {
	const text = await redactText(attachment.text);
	let document: ParsedDocument;
	let rows: string[][] | null = null;
	if (attachment.rows && attachment.columns) {
		const columns = attachment.columns;
		rows = await Promise.all(attachment.rows.map((r) => Promise.all(r.map((cell) => redactText(cell)))));
		document = { title: null, blocks: rows.map((r) => ({ kind: 'table_row', text: rowLine(columns, r) })) };
	} else if (attachment.kind === 'transcript') {
		document = { title: null, blocks: text.split('\n').map((line) => ({ kind: 'paragraph', text: line })) };
	} else {
		document = parseMarkdown(text);
	}
	const remaining = await scanText(text);
	const chunks = await indexPassages(document);
	const row = await replaceAttachmentText(attachment.id, { text, rows, personalData: remaining.kinds }, chunks);
	if (!row) return undefined;
	return { ...attachmentView(row), personalData: remaining };
}

function personalDataOf(row: Pick<AttachmentRow, 'personalData'>) {
	const kinds = row.personalData ?? {};
	return { total: Object.values(kinds).reduce((a, b) => a + b, 0), kinds };
}

export function attachmentView(row: AttachmentRow): AttachmentView {
	const view: AttachmentView = {
		id: row.id,
		fileName: row.fileName,
		kind: row.kind,
		chars: row.chars,
		bytes: row.byteSize,
		personalData: personalDataOf(row),
		redacted: row.redactedAt !== null,
		createdAt: row.createdAt.toISOString()
	};
	if (row.kind === 'table') {
		view.columns = row.columns ?? [];
		view.rows = row.rowCount ?? 0;
	}
	return view;
}

export function attachmentListItem(row: AttachmentRow): AttachmentListItem {
	const item: AttachmentListItem = {
		id: row.id,
		fileName: row.fileName,
		kind: row.kind,
		chars: row.chars,
		bytes: row.byteSize,
		createdAt: row.createdAt.toISOString(),
		personalData: personalDataOf(row),
		redacted: row.redactedAt !== null
	};
	// Tables keep their columns in the list, so a chat opened later can still start an analysis.
	if (row.kind === 'table') {
		item.columns = row.columns ?? [];
		item.rows = row.rowCount ?? 0;
	}
	return item;
}
