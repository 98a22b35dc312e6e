import { describe, expect, it } from 'vitest';
import { parseMarkdown, stripFrontMatter } from './markdown';

describe('parseMarkdown', () => {
	it('turns structure into blocks and inline formatting into plain words', () => {
		const parsed = parseMarkdown(
			'# Flu guide\n\nUse **plain** English &amp; [link text](https://nhs.uk).\n\n## Who\n\n- one\n- *two*\n  - nested\n\n> A quote.\n\n| Place | When |\n|---|---|\n| GP | Now |\n'
		);
		expect(parsed).toEqual({
			title: 'Flu guide',
			blocks: [
				{ kind: 'heading', level: 1, text: 'Flu guide' },
				{ kind: 'paragraph', text: 'Use plain English & link text.' },
				{ kind: 'heading', level: 2, text: 'Who' },
				{ kind: 'list_item', text: 'one' },
				{ kind: 'list_item', text: 'two' },
				{ kind: 'list_item', text: 'nested' },
				{ kind: 'paragraph', text: 'A quote.' },
				{ kind: 'table_row', text: 'Place | When' },
				{ kind: 'table_row', text: 'GP | Now' }
			]
		});
	});

	it('prefers the front matter title, and strips the block from the text', () => {
		const parsed = parseMarkdown('---\ntitle: "Inclusive language"\nowner: Brand\n---\n# Heading one\n\nBody.');
		expect(parsed.title).toBe('Inclusive language');
		expect(parsed.blocks.map((b) => b.text)).toEqual(['Heading one', 'Body.']);
	});

	it('has no title when there is neither front matter title nor h1', () => {
		expect(parseMarkdown('## Section\n\nText.').title).toBeNull();
	});

	it('leaves a document without front matter alone, including a later horizontal rule', () => {
		expect(stripFrontMatter('Intro\n\n---\n\nMore')).toEqual({ body: 'Intro\n\n---\n\nMore', title: null });
		expect(stripFrontMatter('\uFEFF---\r\ntitle: X\r\n---\r\nBody').body).toBe('Body');
	});
});
