/**
 * Reads an attached file into text. The type comes from the bytes (shared with guidance ingestion's
 * detection and parsers), with attachments' extra formats on top: transcripts (.vtt, .srt) and
 * spreadsheets (.csv, .xlsx). Anything that cannot be read throws AttachmentError (413, 415 or 422).
 */
import type { AttachmentKind } from '../db/schema/attachments';
import { detectType } from '../ingestion/detect';
import { IngestionError } from '../ingestion/errors';
import { parseDocx } from '../ingestion/parsers/docx';
import { parseHtml } from '../ingestion/parsers/html';
import { parseMarkdown } from '../ingestion/parsers/markdown';
import { parsePdf } from '../ingestion/parsers/pdf';
import { parseText } from '../ingestion/parsers/text';
import { decodeText, startsWith } from '../ingestion/text-decoding';
import type { Block, ParsedDocument } from '../ingestion/types';
import { listZipEntries } from '../ingestion/zip';
import { ACCEPTED_ATTACHMENTS, AttachmentError, attachmentError, fromIngestionError } from './errors';
import { looksLikeCsv, parseCsv, parseXlsx, rowLine, type Table } from './table';
import { parseTranscript, sniffTranscript, transcriptLine } from './transcript';

export type AttachmentFormat = 'pdf' | 'docx' | 'html' | 'markdown' | 'text' | 'vtt' | 'srt' | 'csv' | 'xlsx';

export type Extracted = {
	kind: AttachmentKind;
	format: AttachmentFormat;
	/** The text the model and the person's searches see. */
	text: string;
	/** The same text in headings and paragraphs, for chunking. */
	document: ParsedDocument;
	table?: Table;
};

const NO_TEXT: Partial<Record<AttachmentFormat, string>> = {
	pdf: 'this PDF has no text in it (it may be a scanned image). Open it in a PDF reader that can recognise text (OCR), save a copy with text, and attach that.',
	docx: 'this Word document has no text in it. Text inside pictures cannot be read.',
	html: 'this web page has no readable text once menus and scripts are removed.',
	vtt: 'this transcript has no spoken text in it. Check it is the right file.',
	srt: 'this transcript has no spoken text in it. Check it is the right file.'
};

function isXlsx(bytes: Uint8Array, fileName: string): boolean {
	if (!startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) && !startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return false;
	return listZipEntries(bytes, fileName).some((e) => e.name === 'xl/workbook.xml');
}

/** Markdown-style text of parsed blocks: what is stored and what the model reads. */
export function blocksToText(blocks: Block[]): string {
	return blocks
		.map((b) => {
			if (b.kind === 'heading') return `${'#'.repeat(b.level)} ${b.text}`;
			if (b.kind === 'list_item') return `- ${b.text}`;
			return b.text;
		})
		.join('\n\n');
}

function fromTable(table: Table, format: 'csv' | 'xlsx'): Extracted {
	const lines = table.rows.map((r) => rowLine(table.columns, r));
	const blocks: Block[] = lines.filter(Boolean).map((text) => ({ kind: 'table_row', text }));
	const text = [table.columns.join(' | '), ...lines].join('\n');
	return { kind: 'table', format, text, document: { title: null, blocks }, table };
}

function fromTranscript(source: string, format: 'vtt' | 'srt', fileName: string): Extracted {
	const lines = parseTranscript(source).map(transcriptLine);
	if (lines.length === 0) throw attachmentError(422, fileName, NO_TEXT[format]!);
	const blocks: Block[] = lines.map((text) => ({ kind: 'paragraph', text }));
	return { kind: 'transcript', format, text: lines.join('\n'), document: { title: null, blocks } };
}

function fromDocument(document: ParsedDocument, format: AttachmentFormat, fileName: string): Extracted {
	const text = blocksToText(document.blocks).trim();
	if (!text) throw attachmentError(422, fileName, NO_TEXT[format] ?? 'no readable text was found in this file.');
	return { kind: 'document', format, text, document };
}

async function extractText(bytes: Uint8Array, fileName: string): Promise<Extracted> {
	if (isXlsx(bytes, fileName)) return fromTable(await parseXlsx(bytes, fileName), 'xlsx');
	const type = detectType(bytes, fileName);
	if (type === 'pdf') return fromDocument(await parsePdf(bytes, fileName), 'pdf', fileName);
	if (type === 'docx') return fromDocument(await parseDocx(bytes, fileName), 'docx', fileName);
	const source = decodeText(bytes, fileName);
	const transcript = sniffTranscript(source);
	if (transcript) return fromTranscript(source, transcript, fileName);
	if (type === 'html') return fromDocument(parseHtml(source), 'html', fileName);
	// Delimited data: by its shape, or by its name when the file is a single column.
	if ((!/\.(md|markdown|txt)$/i.test(fileName) && looksLikeCsv(source)) || /\.(csv|tsv)$/i.test(fileName)) {
		return fromTable(parseCsv(source, fileName), 'csv');
	}
	if (type === 'markdown') return fromDocument(parseMarkdown(source), 'markdown', fileName);
	return fromDocument(parseText(source), 'text', fileName);
}

/** Reads a file up to `maxBytes`, throwing AttachmentError with the status to answer. */
export async function extractAttachment(bytes: Uint8Array, fileName: string, maxBytes: number): Promise<Extracted> {
	if (bytes.byteLength > maxBytes) throw tooLarge(fileName, bytes.byteLength, maxBytes);
	try {
		return await extractText(bytes, fileName);
	} catch (e) {
		if (e instanceof AttachmentError) throw e;
		if (e instanceof IngestionError) throw fromIngestionError(e);
		console.error('Attachment extraction failed unexpectedly', e);
		throw attachmentError(422, fileName, 'this file could not be read. Open it, save a new copy, and attach that.');
	}
}

export function tooLarge(fileName: string, bytes: number, maxBytes: number): AttachmentError {
	const mb = (n: number) => `${Math.ceil((n / (1024 * 1024)) * 10) / 10} MB`;
	return attachmentError(
		413,
		fileName,
		`the file is ${mb(bytes)}, over the ${mb(maxBytes)} limit for attachments. Split it into smaller files, or save a copy without pictures, and attach that.`
	);
}

export { ACCEPTED_ATTACHMENTS };
