import { describe, expect, it } from 'vitest';
import { joinLines, layoutPages, type PdfLine } from './pdf-layout';

const line = (text: string, y: number, fontSize = 11): PdfLine => ({ text, y, fontSize });

describe('layoutPages', () => {
	it('starts a paragraph at a larger than usual gap and marks large short lines as headings', () => {
		const blocks = layoutPages([
			[
				line('Big title', 780, 20),
				line('Section', 740, 15),
				line('First line of text', 710),
				line('continues here.', 696),
				line('New paragraph.', 670)
			]
		]);
		expect(blocks).toEqual([
			{ kind: 'heading', level: 1, text: 'Big title' },
			{ kind: 'heading', level: 2, text: 'Section' },
			{ kind: 'paragraph', text: 'First line of text continues here.' },
			{ kind: 'paragraph', text: 'New paragraph.' }
		]);
	});

	it('joins a sentence that runs over a page break and drops page numbers and running headers', () => {
		const page = (n: number, body: PdfLine[]) => [
			line('Vaccine guidance 2024', 800, 9),
			...body,
			line(`Page ${n} of 3`, 30, 9)
		];
		const blocks = layoutPages([
			page(1, [line('The vaccine is offered to', 700)]),
			page(2, [line('everyone over 65.', 700)]),
			page(3, [line('Last page.', 700)])
		]);
		expect(blocks).toEqual([
			{ kind: 'paragraph', text: 'The vaccine is offered to everyone over 65.' },
			{ kind: 'paragraph', text: 'Last page.' }
		]);
	});
});

describe('joinLines', () => {
	it('removes hyphens that split a word across lines but keeps real hyphens', () => {
		expect(joinLines(['short sentences and every-', 'day words'])).toBe('short sentences and everyday words');
		expect(joinLines(['a well-', 'Known name'])).toBe('a well- Known name');
		expect(joinLines(['COVID-19', 'vaccine'])).toBe('COVID-19 vaccine');
	});
});
