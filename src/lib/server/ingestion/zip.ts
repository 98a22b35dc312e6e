import { Inflate } from 'fflate';
import { IngestionError } from './errors';

/** Limits that no real Word document comes near but that stop decompression bombs before they expand. */
export const ZIP_LIMITS = {
	maxEntries: 10_000,
	maxTotalUncompressedBytes: 100 * 1024 * 1024,
	maxRatio: 100,
	/** Small entries (XML parts) legitimately compress very well, so the ratio only counts above this size. */
	ratioAppliesAboveBytes: 1024 * 1024
} as const;

export interface ZipEntry {
	name: string;
	method: number;
	encrypted: boolean;
	compressedSize: number;
	uncompressedSize: number;
	localHeaderOffset: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;
const DAMAGED =
	'this file looks like a Word document or ZIP archive but it is damaged or incomplete. Open it in Word, save a new copy, and upload that.';

/**
 * Reads the ZIP central directory without decompressing anything, so sizes can be checked before any
 * data is expanded. Throws 'corrupt' for unreadable archives and 'zip_bomb' for absurd entry counts.
 */
export function listZipEntries(bytes: Uint8Array, fileName: string): ZipEntry[] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const corrupt = () => new IngestionError('corrupt', fileName, DAMAGED);
	const eocd = findEndOfCentralDirectory(view);
	if (eocd < 0) throw corrupt();
	let cdSize = view.getUint32(eocd + 12, true);
	let cdOffset = view.getUint32(eocd + 16, true);
	if (cdOffset === U32_MAX || view.getUint16(eocd + 10, true) === 0xffff) {
		const locator = eocd - 20;
		if (locator < 0 || view.getUint32(locator, true) !== SIG_ZIP64_LOCATOR) throw corrupt();
		const record = Number(view.getBigUint64(locator + 8, true));
		if (record + 56 > bytes.length || view.getUint32(record, true) !== SIG_ZIP64_EOCD) throw corrupt();
		cdSize = Number(view.getBigUint64(record + 40, true));
		cdOffset = Number(view.getBigUint64(record + 48, true));
	}
	if (cdOffset + cdSize > bytes.length) throw corrupt();

	const entries: ZipEntry[] = [];
	const decoder = new TextDecoder();
	let pos = cdOffset;
	while (pos < cdOffset + cdSize) {
		if (pos + 46 > bytes.length || view.getUint32(pos, true) !== SIG_CENTRAL) throw corrupt();
		if (entries.length >= ZIP_LIMITS.maxEntries) {
			throw new IngestionError('zip_bomb', fileName, tooMany());
		}
		const nameLength = view.getUint16(pos + 28, true);
		const extraLength = view.getUint16(pos + 30, true);
		const commentLength = view.getUint16(pos + 32, true);
		const end = pos + 46 + nameLength + extraLength + commentLength;
		if (end > bytes.length) throw corrupt();
		const entry: ZipEntry = {
			name: decoder.decode(bytes.subarray(pos + 46, pos + 46 + nameLength)),
			method: view.getUint16(pos + 10, true),
			encrypted: (view.getUint16(pos + 8, true) & 1) === 1,
			compressedSize: view.getUint32(pos + 20, true),
			uncompressedSize: view.getUint32(pos + 24, true),
			localHeaderOffset: view.getUint32(pos + 42, true)
		};
		applyZip64Extra(view, entry, pos + 46 + nameLength, extraLength);
		entries.push(entry);
		pos = end;
	}
	return entries;
}

/** Rejects archives whose declared sizes show they would expand into far more data than a document. */
export function assertSafeZip(entries: ZipEntry[], fileName: string): void {
	let total = 0;
	for (const entry of entries) {
		total += entry.uncompressedSize;
		const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
		if (entry.uncompressedSize > ZIP_LIMITS.ratioAppliesAboveBytes && ratio > ZIP_LIMITS.maxRatio) {
			throw new IngestionError(
				'zip_bomb',
				fileName,
				`part of this file expands ${Math.round(ratio)} times when opened, which documents never do, so it was not opened. Save a new copy in Word and upload that instead.`
			);
		}
	}
	if (total > ZIP_LIMITS.maxTotalUncompressedBytes) {
		throw new IngestionError(
			'zip_bomb',
			fileName,
			`this file would expand to ${Math.round(total / 1024 / 1024)} MB when opened, more than the 100 MB allowed, so it was not opened. Remove large images or embedded files and upload it again.`
		);
	}
}

/**
 * Decompresses one entry, refusing to produce more bytes than the central directory declared:
 * a bomb can lie about its sizes, and this is what makes the earlier size check trustworthy.
 */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, fileName: string): Uint8Array {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const at = entry.localHeaderOffset;
	if (at + 30 > bytes.length || view.getUint32(at, true) !== SIG_LOCAL)
		throw new IngestionError('corrupt', fileName, DAMAGED);
	const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
	if (start + entry.compressedSize > bytes.length) throw new IngestionError('corrupt', fileName, DAMAGED);
	const data = bytes.subarray(start, start + entry.compressedSize);
	if (entry.encrypted) throw new IngestionError('encrypted', fileName);
	if (entry.method === 0) return data.slice();
	if (entry.method !== 8) throw new IngestionError('corrupt', fileName, DAMAGED);
	// Callers check sizes with assertSafeZip first; this keeps a single allocation bounded regardless.
	if (entry.uncompressedSize > ZIP_LIMITS.maxTotalUncompressedBytes) assertSafeZip([entry], fileName);

	const out = new Uint8Array(entry.uncompressedSize);
	let written = 0;
	const inflater = new Inflate((chunk) => {
		if (written + chunk.length > out.length) {
			throw new IngestionError(
				'zip_bomb',
				fileName,
				'this file contains more data than it declares, a sign of a decompression bomb, so it was not opened.'
			);
		}
		out.set(chunk, written);
		written += chunk.length;
	});
	// Small slices bound how much one push can expand (deflate tops out near 1,032:1).
	const slice = 16 * 1024;
	try {
		for (let i = 0; i < data.length; i += slice) inflater.push(data.subarray(i, i + slice), i + slice >= data.length);
		if (data.length === 0) inflater.push(data, true);
	} catch (error) {
		if (error instanceof IngestionError) throw error;
		throw new IngestionError('corrupt', fileName, DAMAGED, { cause: error });
	}
	if (written !== out.length) throw new IngestionError('corrupt', fileName, DAMAGED);
	return out;
}

function tooMany(): string {
	return `this file contains more than ${ZIP_LIMITS.maxEntries.toLocaleString('en-GB')} parts, far more than any document, so it was not opened.`;
}

function findEndOfCentralDirectory(view: DataView): number {
	// The record is 22 bytes plus a comment of up to 65,535 bytes, so it sits near the end.
	const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
	for (let pos = view.byteLength - 22; pos >= lowest; pos--) {
		if (view.getUint32(pos, true) === SIG_EOCD) return pos;
	}
	return -1;
}

function applyZip64Extra(view: DataView, entry: ZipEntry, start: number, length: number): void {
	const needs = [entry.uncompressedSize, entry.compressedSize, entry.localHeaderOffset].some((v) => v === U32_MAX);
	if (!needs) return;
	for (let pos = start; pos + 4 <= start + length;) {
		const id = view.getUint16(pos, true);
		const size = view.getUint16(pos + 2, true);
		if (id === 0x0001) {
			let field = pos + 4;
			const next = () => {
				const value = field + 8 <= pos + 4 + size ? Number(view.getBigUint64(field, true)) : U32_MAX;
				field += 8;
				return value;
			};
			if (entry.uncompressedSize === U32_MAX) entry.uncompressedSize = next();
			if (entry.compressedSize === U32_MAX) entry.compressedSize = next();
			if (entry.localHeaderOffset === U32_MAX) entry.localHeaderOffset = next();
			return;
		}
		pos += 4 + size;
	}
}
