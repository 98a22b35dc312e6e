import { describe, expect, it } from 'vitest';
import { docxParts, zip } from '../../../../../tests/fixtures/ingestion/office-writer';
import { readFixture } from '../../../../../tests/fixtures/ingestion/read';
import { IngestionError } from '../errors';
import { parseDocx } from './docx';

async function codeOf(bytes: Uint8Array): Promise<string> {
	const error = await parseDocx(bytes, 'x.docx').catch((e: unknown) => e);
	return error instanceof IngestionError ? error.code : `no IngestionError: ${String(error)}`;
}

describe('parseDocx', () => {
	it('puts Heading 1 sections under a Title-styled title', async () => {
		const parsed = await parseDocx(
			zip(
				docxParts('Metadata title', [
					{ style: 'Title', text: 'Accessible communications' },
					{ style: 'Heading1', text: 'Easy read' },
					{ style: 'Heading2', text: 'Pictures' },
					{ text: 'Use one picture per idea.' }
				])
			),
			'a.docx'
		);
		expect(parsed.title).toBe('Accessible communications');
		expect(parsed.blocks.slice(0, 3)).toEqual([
			{ kind: 'heading', level: 1, text: 'Accessible communications' },
			{ kind: 'heading', level: 2, text: 'Easy read' },
			{ kind: 'heading', level: 3, text: 'Pictures' }
		]);
	});

	it('falls back to the title in the document properties when there is no heading', async () => {
		const parsed = await parseDocx(zip(docxParts('Leaflet & poster text', [{ text: 'Just a paragraph.' }])), 'b.docx');
		expect(parsed.title).toBe('Leaflet & poster text');
	});

	it('reports ZIP-level encryption as encrypted', async () => {
		const bytes = readFixture('guidance.docx').slice();
		// Set the "encrypted" flag bit in every central directory header (signature PK\x01\x02).
		for (let i = 0; i + 4 < bytes.length; i++) {
			if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 1 && bytes[i + 3] === 2) bytes[i + 8] |= 1;
		}
		expect(await codeOf(bytes)).toBe('encrypted');
	});

	it('rejects a bomb before inflating it', async () => {
		const started = performance.now();
		expect(await codeOf(readFixture('bomb.docx'))).toBe('zip_bomb');
		expect(performance.now() - started).toBeLessThan(500);
	});
});
