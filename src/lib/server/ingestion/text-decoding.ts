import { IngestionError } from './errors';

const UTF16_DETAIL =
	'this text file is saved as UTF-16. Save it again as UTF-8 (in Notepad: Save as, Encoding: UTF-8).';
const BINARY_DETAIL =
	'this is not a text file, and not a PDF or Word document either. Upload a PDF, Word (.docx), HTML, Markdown or plain text file.';

/** How much of the file to inspect for binary content: enough to catch any real binary header. */
const SNIFF_BYTES = 8192;

/**
 * Turns uploaded bytes into a string, or explains why they are not text. UTF-8 (with or without a BOM) is
 * expected; files exported from older Windows tools are often Windows-1252, so those are accepted too as
 * long as they contain no control characters, which real binary formats always do.
 */
export function decodeText(bytes: Uint8Array, fileName: string): string {
	if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
		throw new IngestionError('unsupported_type', fileName, UTF16_DETAIL);
	}
	const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
	if (looksLikeUtf16WithoutBom(body)) throw new IngestionError('unsupported_type', fileName, UTF16_DETAIL);
	if (hasBinaryControlBytes(body)) throw new IngestionError('unsupported_type', fileName, BINARY_DETAIL);
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(body);
	} catch {
		return new TextDecoder('windows-1252').decode(body);
	}
}

export function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
	if (bytes.length < offset + prefix.length) return false;
	return prefix.every((b, i) => bytes[offset + i] === b);
}

/** UTF-16 English text is every other byte NUL; we check the pattern rather than guessing from one NUL. */
function looksLikeUtf16WithoutBom(bytes: Uint8Array): boolean {
	const n = Math.min(bytes.length, SNIFF_BYTES) & ~1;
	if (n < 4) return false;
	let evenNuls = 0;
	let oddNuls = 0;
	for (let i = 0; i < n; i += 2) {
		if (bytes[i] === 0) evenNuls++;
		if (bytes[i + 1] === 0) oddNuls++;
	}
	const pairs = n / 2;
	return (oddNuls > pairs * 0.4 && evenNuls < pairs * 0.05) || (evenNuls > pairs * 0.4 && oddNuls < pairs * 0.05);
}

/** NUL and most C0 control bytes never appear in text; tab, newlines, form feed and ESC-free text do. */
function hasBinaryControlBytes(bytes: Uint8Array): boolean {
	const n = Math.min(bytes.length, SNIFF_BYTES);
	for (let i = 0; i < n; i++) {
		const b = bytes[i];
		if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return true;
		if (b === 0x7f) return true;
	}
	// A NUL anywhere later still means binary; indexOf is fast even on large files.
	return bytes.indexOf(0, n) !== -1;
}
