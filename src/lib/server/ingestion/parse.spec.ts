import { getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../../../tests/fixtures/ingestion/read';
import { IngestionError } from './errors';
import { formatMegabytes, parseDocument } from './parse';
import type { Block } from './types';

const limit = { maxBytes: 5 * 1024 * 1024 };

async function rejection(name: string, bytes = readFixture(name), maxBytes = limit.maxBytes): Promise<IngestionError> {
	const error = await parseDocument(bytes, name, { maxBytes }).catch((e: unknown) => e);
	if (!(error instanceof IngestionError)) throw new Error(`expected ${name} to be rejected, got ${String(error)}`);
	expect(error.message.startsWith(`${name}: `)).toBe(true);
	return error;
}

const texts = (blocks: Block[], kind: Block['kind']) => blocks.filter((b) => b.kind === kind).map((b) => b.text);

describe('parseDocument: good files', () => {
	it('reads a PDF text layer into headings and de-hyphenated paragraphs, even when named .txt', async () => {
		const { type, parsed } = await parseDocument(readFixture('guidance.pdf'), 'guidance.txt', limit);
		expect(type).toBe('pdf');
		expect(parsed.title).toBe('Talking about vaccination');
		expect(texts(parsed.blocks, 'heading')).toEqual(['Talking about vaccination', 'Consent']);
		const paragraphs = texts(parsed.blocks, 'paragraph');
		expect(paragraphs).toHaveLength(3);
		expect(paragraphs[0]).toContain('short sentences and everyday words help everyone.');
		expect(paragraphs[2]).toBe(
			'Always say that the vaccine is offered, not required. People can ask questions before they agree.'
		);
	});

	it('reads Word headings, lists and tables, with the first Heading 1 as title', async () => {
		const { type, parsed } = await parseDocument(readFixture('guidance.docx'), 'guidance.docx', limit);
		expect(type).toBe('docx');
		expect(parsed.title).toBe('Writing for social media');
		expect(parsed.blocks.filter((b) => b.kind === 'heading')).toEqual([
			{ kind: 'heading', level: 1, text: 'Writing for social media' },
			{ kind: 'heading', level: 2, text: 'Tone of voice' },
			{ kind: 'heading', level: 2, text: 'Posting times' }
		]);
		expect(texts(parsed.blocks, 'list_item')).toEqual([
			'say who the post is for',
			'link to NHS.UK for health information'
		]);
		expect(texts(parsed.blocks, 'table_row')).toEqual(['Channel | Best time', 'Facebook | Early evening']);
		expect(texts(parsed.blocks, 'paragraph')).toContain(
			'Be warm and direct. Avoid jargon & acronyms unless you explain them, e.g. A&E.'
		);
	});

	it('keeps the content of a web page and drops its navigation, scripts and footer', async () => {
		const { type, parsed } = await parseDocument(readFixture('noisy-page.html'), 'noisy-page.html', limit);
		expect(type).toBe('html');
		expect(parsed.title).toBe('Flu vaccine messages');
		const all = parsed.blocks.map((b) => b.text).join('\n');
		for (const noise of [
			'Breadcrumb',
			'Home',
			'cookies',
			'dataLayer',
			'trackPageView',
			'JavaScript',
			'Privacy',
			'©',
			'Related campaigns'
		]) {
			expect(all).not.toContain(noise);
		}
		expect(all).toContain('The vaccine is the best protection for you & the people you care for.');
		expect(texts(parsed.blocks, 'list_item')).toHaveLength(3);
		expect(texts(parsed.blocks, 'table_row')).toContain('Pharmacy | Book online at NHS.UK');
	});

	it('strips Markdown front matter and uses its title, even when the file is named .pdf', async () => {
		const { type, parsed } = await parseDocument(readFixture('inclusive-language.md'), 'inclusive.pdf', limit);
		expect(type).toBe('markdown');
		expect(parsed.title).toBe('Inclusive language guide');
		expect(parsed.blocks[0]).toEqual({ kind: 'heading', level: 1, text: 'Inclusive language' });
		expect(parsed.blocks.map((b) => b.text).join(' ')).not.toContain('review_by');
	});

	it('reads plain text with a title line and a heading', async () => {
		const { type, parsed } = await parseDocument(readFixture('winter-messages.txt'), 'winter.txt', limit);
		expect(type).toBe('text');
		expect(parsed.title).toBe('Winter health messages');
		expect(texts(parsed.blocks, 'heading')).toEqual(['Winter health messages', 'Where to get help']);
		expect(texts(parsed.blocks, 'list_item')).toEqual([
			'Use NHS 111 online for urgent advice.',
			'Call 999 in an emergency.'
		]);
	});
});

describe('parseDocument: files we cannot use', () => {
	it('rejects files over the size limit before reading them, naming the limit in MB', async () => {
		const error = await rejection('guidance.pdf', readFixture('guidance.pdf'), 1024);
		expect(error.code).toBe('too_large');
		const big = await rejection('big.txt', new Uint8Array(20 * 1024 * 1024 + 1), 20 * 1024 * 1024);
		expect(big.message).toContain('20.1 MB, over the 20 MB limit');
	});

	it.each([
		['empty.txt', 'empty'],
		['image.md', 'unsupported_type'],
		['plain-zip.docx', 'unsupported_type'],
		['legacy.doc', 'unsupported_type'],
		['encrypted.pdf', 'encrypted'],
		['encrypted.docx', 'encrypted'],
		['truncated.pdf', 'corrupt'],
		['truncated.docx', 'corrupt'],
		['bomb.docx', 'zip_bomb'],
		['no-text.pdf', 'no_text']
	])('%s is rejected as %s', async (name, code) => {
		expect((await rejection(name)).code).toBe(code);
	});

	it('explains a PDF without a text layer in words an admin can act on', async () => {
		expect((await rejection('scan.pdf', readFixture('no-text.pdf'))).message).toBe(
			'scan.pdf: this PDF has no text layer (it may be a scanned image). Export it with text, or run OCR, and upload it again.'
		);
	});

	it('uses a genuinely encrypted PDF fixture: it opens with the right password', async () => {
		const pdf = await getDocumentProxy(readFixture('encrypted.pdf'), { password: 'secret', verbosity: 0 });
		const page = await pdf.getPage(1);
		const content = await page.getTextContent();
		expect(content.items.map((i) => ('str' in i ? i.str : '')).join(' ')).toContain('Talking about vaccination');
		await pdf.destroy();
	});

	it('reports a web page that is only navigation as having no text', async () => {
		const page = new TextEncoder().encode('<!doctype html><html><body><nav><a href="/">Home</a></nav></body></html>');
		expect((await rejection('menu.html', page)).code).toBe('no_text');
	});
});

describe('formatMegabytes', () => {
	it('shows whole megabytes plainly and rounds others up to one decimal place', () => {
		expect(formatMegabytes(20 * 1024 * 1024)).toBe('20 MB');
		expect(formatMegabytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
		expect(formatMegabytes(1)).toBe('0.1 MB');
	});
});
