import { describe, expect, it } from 'vitest';
import { parseText } from './text';

describe('parseText', () => {
	it('joins hard-wrapped lines into paragraphs split on blank lines', () => {
		expect(parseText('Flu can be serious.\nBook now\nat your GP.\n\nSecond paragraph.').blocks).toEqual([
			{ kind: 'paragraph', text: 'Flu can be serious. Book now at your GP.' },
			{ kind: 'paragraph', text: 'Second paragraph.' }
		]);
	});

	it('treats a short first line as the title and short unpunctuated lines before text as headings', () => {
		const parsed = parseText('Winter messages\n\nIntro text here.\n\nWhere to get help\n\nCall 111.');
		expect(parsed.title).toBe('Winter messages');
		expect(parsed.blocks.filter((b) => b.kind === 'heading')).toEqual([
			{ kind: 'heading', level: 1, text: 'Winter messages' },
			{ kind: 'heading', level: 2, text: 'Where to get help' }
		]);
	});

	it('does not turn sentences, final lines or address blocks into headings', () => {
		const parsed = parseText('This is a sentence.\n\nNHS England\n\nWellington House\n\nLondon');
		expect(parsed.title).toBeNull();
		expect(parsed.blocks.every((b) => b.kind === 'paragraph')).toBe(true);
	});

	it('reads bullet and numbered lines as list items, with continuation lines', () => {
		expect(parseText('Options:\n- first\n• second\n1. third\n   continues').blocks).toEqual([
			{ kind: 'paragraph', text: 'Options:' },
			{ kind: 'list_item', text: 'first' },
			{ kind: 'list_item', text: 'second' },
			{ kind: 'list_item', text: 'third continues' }
		]);
	});
});
