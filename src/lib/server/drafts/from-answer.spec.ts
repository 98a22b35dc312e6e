import { describe, expect, it } from 'vitest';
import type { StoredSource } from '$lib/schemas/chat';
import { answerTitle, answerToMarkdown, fitTitle, stripCitationMarkers } from './from-answer';

const source = (n: number, title: string): StoredSource => ({
	n,
	documentTitle: title,
	heading: 'Dates',
	collection: 'style',
	text: 'passage',
	url: null,
	chunkId: `c${n}`,
	documentId: `d${n}`,
	version: 2
});

describe('a draft from an answer', () => {
	it('takes out citation markers but keeps Markdown links', () => {
		expect(stripCitationMarkers('Write dates in full [1]. See [the guide](https://x.nhs.uk) [2, 3].')).toBe(
			'Write dates in full. See [the guide](https://x.nhs.uk).'
		);
	});

	it('lists the cited guidance at the end', () => {
		const md = answerToMarkdown('Use 6 December 2026 [1].', [source(1, 'Style guide')]);
		expect(md).toBe('Use 6 December 2026.\n\n## Sources\n\n- Style guide — Dates (version 2)');
	});

	it('titles the draft from the first heading, then the chat title', () => {
		expect(answerTitle(undefined, 'Intro\n\n## **New ward opens** [1]\n\nText', 'Chat')).toBe('New ward opens');
		expect(answerTitle(undefined, 'No heading here', 'Flu clinic post')).toBe('Flu clinic post');
		expect(answerTitle(undefined, 'No heading here', '')).toBe('Untitled draft');
		expect(answerTitle('Mine', '# Heading', 'Chat')).toBe('Mine');
	});

	it('cuts a long title at a word boundary', () => {
		const long = 'word '.repeat(60);
		const cut = fitTitle(long);
		expect(cut.length).toBeLessThanOrEqual(200);
		expect(cut.endsWith('word…')).toBe(true);
	});
});
