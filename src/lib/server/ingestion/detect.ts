import { IngestionError } from './errors';
import { decodeText, startsWith } from './text-decoding';
import type { DetectedType } from './types';
import { listZipEntries } from './zip';

export type { DetectedType } from './types';

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const SUPPORTED = 'Upload a PDF, Word (.docx), HTML, Markdown or plain text file.';

/** Binary formats people upload by mistake, named so the message can say what the file really is. */
const KNOWN_BINARY: { name: string; magic: number[]; offset?: number }[] = [
	{ name: 'a PNG image', magic: [0x89, 0x50, 0x4e, 0x47] },
	{ name: 'a JPEG image', magic: [0xff, 0xd8, 0xff] },
	{ name: 'a GIF image', magic: [0x47, 0x49, 0x46, 0x38] },
	{ name: 'a WebP image', magic: [0x57, 0x45, 0x42, 0x50], offset: 8 },
	{ name: 'a TIFF image', magic: [0x49, 0x49, 0x2a, 0x00] },
	{ name: 'a TIFF image', magic: [0x4d, 0x4d, 0x00, 0x2a] },
	{ name: 'a compressed (gzip) file', magic: [0x1f, 0x8b] },
	{ name: 'a 7-Zip archive', magic: [0x37, 0x7a, 0xbc, 0xaf] },
	{ name: 'a RAR archive', magic: [0x52, 0x61, 0x72, 0x21] },
	{ name: 'a Rich Text (RTF) file', magic: [0x7b, 0x5c, 0x72, 0x74, 0x66] }
];

/**
 * Decides what a file is from its content, never its name: an admin's "guidance.pdf" may really be a
 * Word file, and a renamed image must not be read as text. Throws IngestionError for anything we
 * cannot ingest. The name is used only in messages and to break a tie between plain text and Markdown.
 */
export function detectType(bytes: Uint8Array, fileName: string): DetectedType {
	if (bytes.length === 0) throw new IngestionError('empty', fileName);
	if (isPdf(bytes)) return 'pdf';
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
		return classifyZip(bytes, fileName);
	}
	if (startsWith(bytes, OLE_MAGIC)) throw classifyOle(bytes, fileName);
	const known = KNOWN_BINARY.find((k) => startsWith(bytes, k.magic, k.offset ?? 0));
	if (known) {
		const fix = known.name.includes('RTF') ? 'Save it as .docx or PDF and upload that.' : SUPPORTED;
		throw new IngestionError('unsupported_type', fileName, `this file is ${known.name}, which cannot be added. ${fix}`);
	}
	const text = decodeText(bytes, fileName);
	if (text.trim() === '') {
		throw new IngestionError('empty', fileName, 'the file contains only blank space. Check you chose the right file.');
	}
	return classifyText(text, fileName);
}

/**
 * Real PDFs start with %PDF-, but readers accept up to 1 KB of binary junk before it (old Mac and mail
 * wrappers), so we do too; a text file merely mentioning "%PDF-" early on is still text.
 */
function isPdf(bytes: Uint8Array): boolean {
	const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
	const at = head.search(/%PDF-\d/);
	// eslint-disable-next-line no-control-regex
	return at === 0 || (at > 0 && /[\x00-\x08\x0e-\x1f]/.test(head.slice(0, at)));
}

function classifyZip(bytes: Uint8Array, fileName: string): DetectedType {
	const names = new Set(listZipEntries(bytes, fileName).map((e) => e.name));
	if (names.has('[Content_Types].xml') && names.has('word/document.xml')) return 'docx';
	let what = 'a ZIP archive, not a Word document';
	if (names.has('xl/workbook.xml')) what = 'an Excel workbook';
	else if (names.has('ppt/presentation.xml')) what = 'a PowerPoint presentation';
	else if (names.has('content.xml') && names.has('mimetype')) what = 'an OpenDocument file';
	throw new IngestionError(
		'unsupported_type',
		fileName,
		`this file is ${what}, which cannot be added. Save the content as a Word (.docx) or PDF file and upload that.`
	);
}

/**
 * Old Office formats and password-protected new ones are both OLE compound files. Stream names are
 * stored as UTF-16LE in the directory, so searching for them tells the two apart without a full parser.
 */
function classifyOle(bytes: Uint8Array, fileName: string): IngestionError {
	const has = (name: string) =>
		Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(name, 'utf16le'));
	if (has('EncryptionInfo') || has('EncryptedPackage')) {
		return new IngestionError(
			'encrypted',
			fileName,
			'this document is password-protected. Open it in Word, remove the password (File > Info > Protect Document > Encrypt with Password), save it, and upload it again.'
		);
	}
	if (has('WordDocument')) {
		return new IngestionError(
			'unsupported_type',
			fileName,
			'Word 97-2003 .doc files are not supported: save as .docx and upload that.'
		);
	}
	return new IngestionError(
		'unsupported_type',
		fileName,
		`this is an old Microsoft Office file (Excel or PowerPoint 97-2003, for example), which cannot be added. ${SUPPORTED}`
	);
}

const HTML_START = /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype\s+html|<html[\s>])/i;
const HTML_TAG =
	/<\/?(?:html|head|body|title|h[1-6]|p|div|ul|ol|li|table|tr|td|th|section|article|main|nav|header|footer|blockquote|br|span|a|strong|em)\b[^>]*>/gi;

/** Heuristics are kept simple because every text type parses safely; a wrong guess only loses structure. */
export function classifyText(text: string, fileName: string): 'html' | 'markdown' | 'text' {
	const body = text.replace(/^\uFEFF/, '').trimStart();
	if (HTML_START.test(body)) return 'html';
	const tags = body.slice(0, 200_000).match(HTML_TAG)?.length ?? 0;
	if (body.startsWith('<') && tags >= 2) return 'html';
	const lines = body
		.slice(0, 200_000)
		.split('\n')
		.filter((l) => l.trim() !== '');
	const tagLines = lines.filter((l) => l.trimStart().startsWith('<')).length;
	if (tags >= 5 && tagLines >= lines.length / 2) return 'html';
	if (markdownScore(body.slice(0, 200_000)) >= 2) return 'markdown';
	if (/\.(md|markdown)$/i.test(fileName)) return 'markdown';
	return 'text';
}

function markdownScore(text: string): number {
	const strong = [
		/^---\r?\n[\s\S]*?\r?\n---\s*$/m.test(text) && text.startsWith('---'),
		/^ {0,3}#{1,6}[ \t]+\S/m.test(text),
		/^ {0,3}(```|~~~)/m.test(text),
		/!?\[[^\]\n]+\]\([^)\s]+(?:\s+"[^"]*")?\)/.test(text),
		/^\|.+\|[ \t]*\r?\n\|?[ \t]*:?-{3,}/m.test(text),
		/^\S.*\r?\n(?:={3,}|-{3,})[ \t]*$/m.test(text)
	].filter(Boolean).length;
	const weak = [
		/^[ \t]*[-*+][ \t]+\S/m.test(text),
		/\*\*[^*\n]+\*\*|__[^_\n]+__/.test(text),
		/^>[ \t]?\S/m.test(text),
		/`[^`\n]+`/.test(text)
	].filter(Boolean).length;
	return strong * 2 + weak;
}
