import { describe, expect, it } from 'vitest';
import { readFixture } from '../../../../tests/fixtures/ingestion/read';
import { detectType } from './detect';
import { IngestionError } from './errors';

const utf8 = (text: string) => new TextEncoder().encode(text);

function rejection(bytes: Uint8Array, name: string): IngestionError {
	try {
		detectType(bytes, name);
	} catch (error) {
		if (error instanceof IngestionError) return error;
		throw error;
	}
	throw new Error(`expected ${name} to be rejected`);
}

describe('detectType', () => {
	it('reads the type from the content, not the extension', () => {
		expect(detectType(readFixture('guidance.pdf'), 'guidance.txt')).toBe('pdf');
		expect(detectType(readFixture('guidance.docx'), 'guidance.pdf')).toBe('docx');
		expect(detectType(readFixture('inclusive-language.md'), 'notes.pdf')).toBe('markdown');
		expect(detectType(readFixture('noisy-page.html'), 'page.txt')).toBe('html');
		expect(detectType(readFixture('winter-messages.txt'), 'messages.pdf')).toBe('text');
	});

	it('recognises HTML fragments without a doctype, but not Markdown with a little inline HTML', () => {
		expect(detectType(utf8('<h1>Title</h1>\n<p>Some text.</p>'), 'x')).toBe('html');
		expect(detectType(utf8('# Title\n\nSome <abbr>NHS</abbr> text with a [link](https://nhs.uk).'), 'x')).toBe(
			'markdown'
		);
	});

	it('needs real Markdown structure, but lets a .md name decide for plain prose', () => {
		expect(detectType(utf8('Just a sentence or two. Nothing more.'), 'notes.txt')).toBe('text');
		expect(detectType(utf8('Just a sentence or two. Nothing more.'), 'notes.md')).toBe('markdown');
		expect(detectType(utf8('## Heading\n\nBody.'), 'notes.txt')).toBe('markdown');
	});

	it('accepts a UTF-8 byte order mark and Windows-1252 text', () => {
		expect(detectType(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('# Title\n\nText')]), 'x.md')).toBe('markdown');
		expect(detectType(new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x20, 0x92, 0x73]), 'cafe.txt')).toBe('text');
	});

	it('rejects empty and blank files', () => {
		expect(rejection(readFixture('empty.txt'), 'empty.txt').code).toBe('empty');
		const blank = rejection(utf8(' \n\t\n'), 'blank.md');
		expect(blank.code).toBe('empty');
		expect(blank.message).toMatch(/^blank\.md: /);
	});

	it('rejects a PNG renamed to .md, naming what it really is', () => {
		const error = rejection(readFixture('image.md'), 'image.md');
		expect(error.code).toBe('unsupported_type');
		expect(error.message).toContain('image.md');
		expect(error.message).toContain('PNG image');
	});

	it('rejects ZIP files that are not Word documents, and damaged ones', () => {
		expect(rejection(readFixture('plain-zip.docx'), 'plain-zip.docx')).toMatchObject({
			code: 'unsupported_type',
			message: expect.stringContaining('ZIP archive, not a Word document')
		});
		expect(rejection(readFixture('truncated.docx'), 'truncated.docx').code).toBe('corrupt');
	});

	it('explains legacy .doc files and password-protected Word files', () => {
		expect(rejection(readFixture('legacy.doc'), 'legacy.doc')).toMatchObject({
			code: 'unsupported_type',
			message: 'legacy.doc: Word 97-2003 .doc files are not supported: save as .docx and upload that.'
		});
		expect(rejection(readFixture('encrypted.docx'), 'encrypted.docx').code).toBe('encrypted');
	});

	it('rejects binary data and UTF-16 text with a way forward', () => {
		expect(rejection(new Uint8Array([1, 2, 0, 0, 255, 3]), 'data.txt').code).toBe('unsupported_type');
		const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from('Hello', 'utf16le'))]);
		expect(rejection(utf16, 'notepad.txt').message).toContain('Save it again as UTF-8');
		const noBom = new Uint8Array(Buffer.from('Hello there, this is text', 'utf16le'));
		expect(rejection(noBom, 'notepad.txt').message).toContain('UTF-16');
	});
});

describe('detectType edge cases', () => {
	it('finds a PDF header behind a binary wrapper but not in text that mentions one', () => {
		const wrapped = new Uint8Array([0, 1, 2, ...readFixture('guidance.pdf')]);
		expect(detectType(wrapped, 'mail.pdf')).toBe('pdf');
		expect(detectType(utf8('PDF files start with %PDF-1.7 then a newline.'), 'notes.txt')).toBe('text');
	});
});
