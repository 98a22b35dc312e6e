import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../../../tests/fixtures/ingestion/read';
import { IngestionError } from './errors';
import { ZIP_LIMITS, assertSafeZip, listZipEntries, readZipEntry } from './zip';

function codeOf(run: () => unknown): string | undefined {
	try {
		run();
	} catch (error) {
		if (error instanceof IngestionError) return error.code;
		throw error;
	}
	return undefined;
}

describe('zip guard', () => {
	it('lists entries from the central directory with their declared sizes', () => {
		const bytes = zipSync({ 'a.txt': strToU8('hello hello hello'), 'b/c.xml': strToU8('<x/>') });
		const entries = listZipEntries(bytes, 'x.docx');
		expect(entries.map((e) => e.name)).toEqual(['a.txt', 'b/c.xml']);
		expect(entries[0].uncompressedSize).toBe(17);
		expect(new TextDecoder().decode(readZipEntry(bytes, entries[0], 'x.docx'))).toBe('hello hello hello');
	});

	it('flags the bomb fixture from its central directory alone', () => {
		const bytes = readFixture('bomb.docx');
		expect(bytes.length).toBeLessThan(1024 * 1024);
		const entries = listZipEntries(bytes, 'bomb.docx');
		expect(entries.reduce((sum, e) => sum + e.uncompressedSize, 0)).toBeGreaterThan(100 * 1024 * 1024);
		expect(codeOf(() => assertSafeZip(entries, 'bomb.docx'))).toBe('zip_bomb');
	});

	it('rejects a high compression ratio only above 1 MB, so well-compressed XML is fine', () => {
		const small = listZipEntries(zipSync({ 'word/document.xml': new Uint8Array(900 * 1024) }), 'ok.docx');
		expect(codeOf(() => assertSafeZip(small, 'ok.docx'))).toBeUndefined();
		const big = listZipEntries(zipSync({ 'word/media/x.bin': new Uint8Array(5 * 1024 * 1024) }), 'bad.docx');
		expect(codeOf(() => assertSafeZip(big, 'bad.docx'))).toBe('zip_bomb');
	});

	it(`rejects archives with more than ${ZIP_LIMITS.maxEntries} entries`, () => {
		const files: Record<string, Uint8Array> = {};
		for (let i = 0; i <= ZIP_LIMITS.maxEntries; i++) files[`f${i}`] = new Uint8Array(0);
		expect(codeOf(() => listZipEntries(zipSync(files, { level: 0 }), 'many.docx'))).toBe('zip_bomb');
	});

	it('refuses to inflate past the declared size when the central directory lies', () => {
		const bytes = zipSync({ 'word/document.xml': new Uint8Array(64 * 1024) });
		const [entry] = listZipEntries(bytes, 'liar.docx');
		expect(codeOf(() => readZipEntry(bytes, { ...entry, uncompressedSize: 1000 }, 'liar.docx'))).toBe('zip_bomb');
	});

	it('reports truncated or garbled archives as corrupt', () => {
		const bytes = zipSync({ 'a.txt': strToU8('some text that compresses '.repeat(50)) });
		expect(codeOf(() => listZipEntries(bytes.subarray(0, bytes.length - 30), 'cut.docx'))).toBe('corrupt');
		const [entry] = listZipEntries(bytes, 'bad.docx');
		const garbled = bytes.slice();
		garbled.fill(0xff, 40, 60);
		expect(codeOf(() => readZipEntry(garbled, entry, 'bad.docx'))).toBe('corrupt');
	});
});
