import { detectType } from './detect';
import { IngestionError } from './errors';
import { parseDocx } from './parsers/docx';
import { parseHtml } from './parsers/html';
import { parseMarkdown } from './parsers/markdown';
import { parsePdf } from './parsers/pdf';
import { parseText } from './parsers/text';
import { decodeText } from './text-decoding';
import type { DetectedType, ParsedDocument } from './types';

export interface ParseOptions {
	/** Largest upload accepted, in bytes; checked before any parsing work is done. */
	maxBytes: number;
}

const NO_TEXT: Record<DetectedType, string> = {
	pdf: 'this PDF has no text layer (it may be a scanned image). Export it with text, or run OCR, and upload it again.',
	docx: 'this Word document has no text in it. Check it is the right file; text inside images cannot be read.',
	html: 'this web page has no readable text once menus and scripts are removed. Save the page content itself and upload that.',
	markdown: 'this Markdown file has no readable text. Check it is the right file.',
	text: 'this text file has no readable text. Check it is the right file.'
};

/**
 * Reads an upload into headings and paragraphs. Throws IngestionError with a message an admin can act on
 * for anything we cannot ingest: too large, empty, unsupported, encrypted, damaged, a ZIP bomb, or no text.
 */
export async function parseDocument(
	bytes: Uint8Array,
	fileName: string,
	{ maxBytes }: ParseOptions
): Promise<{ type: DetectedType; parsed: ParsedDocument }> {
	if (bytes.byteLength > maxBytes) {
		throw new IngestionError(
			'too_large',
			fileName,
			`the file is ${formatMegabytes(bytes.byteLength)}, over the ${formatMegabytes(maxBytes)} limit. Split it into smaller documents, or compress its images, and upload again.`
		);
	}
	const type = detectType(bytes, fileName);
	const parsed = await parseAs(type, bytes, fileName);
	if (!parsed.blocks.some((b) => b.text.trim() !== '')) throw new IngestionError('no_text', fileName, NO_TEXT[type]);
	return { type, parsed };
}

function parseAs(type: DetectedType, bytes: Uint8Array, fileName: string): Promise<ParsedDocument> | ParsedDocument {
	switch (type) {
		case 'pdf':
			return parsePdf(bytes, fileName);
		case 'docx':
			return parseDocx(bytes, fileName);
		case 'html':
			return parseHtml(decodeText(bytes, fileName));
		case 'markdown':
			return parseMarkdown(decodeText(bytes, fileName));
		case 'text':
			return parseText(decodeText(bytes, fileName));
	}
}

/**
 * "20 MB", "20.1 MB" (1 MB = 1,048,576 bytes, matching MAX_UPLOAD_MB). Rounds up so a file over the
 * limit never reads as the same size as the limit.
 */
export function formatMegabytes(bytes: number): string {
	const mb = Math.ceil((bytes / (1024 * 1024)) * 10) / 10;
	return `${mb} MB`;
}
