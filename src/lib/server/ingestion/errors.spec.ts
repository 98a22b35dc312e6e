import { describe, expect, it } from 'vitest';
import { IngestionError, displayName } from './errors';

describe('IngestionError', () => {
	it('starts the message with the file name and keeps the code', () => {
		const error = new IngestionError('no_text', 'scan.pdf', 'this PDF has no text layer.');
		expect(error).toBeInstanceOf(Error);
		expect(error.code).toBe('no_text');
		expect(error.fileName).toBe('scan.pdf');
		expect(error.message).toBe('scan.pdf: this PDF has no text layer.');
	});

	it('has a plain-English default for every code', () => {
		for (const code of [
			'empty',
			'too_large',
			'unsupported_type',
			'encrypted',
			'corrupt',
			'no_text',
			'zip_bomb'
		] as const) {
			expect(new IngestionError(code, 'a.pdf').message).toMatch(/^a\.pdf: [a-z].+\.$/);
		}
	});

	it('shows only the base name of a browser-supplied path', () => {
		expect(displayName('C:\\fakepath\\report.docx')).toBe('report.docx');
		expect(displayName('dir/sub/notes\u0007.md')).toBe('notes.md');
		expect(displayName('')).toBe('The file');
	});
});
