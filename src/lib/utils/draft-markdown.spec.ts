import { describe, expect, it } from 'vitest';
import type { Node as PMNode } from '@tiptap/pm/model';
import {
	createMarkdownCodec,
	documentText,
	selectionToMarkdown,
	textOffsetToPos,
	tidyEntities
} from './draft-markdown';

const codec = createMarkdownCodec();

/** The editor positions of the first occurrence of `needle` in the document's text. */
function find(doc: PMNode, needle: string): { from: number; to: number } {
	const map = documentText(doc);
	const at = map.text.indexOf(needle);
	if (at < 0) throw new Error(`"${needle}" not in document`);
	return { from: textOffsetToPos(map, at)!, to: textOffsetToPos(map, at + needle.length, 'end')! };
}

function spanOf(markdown: string, needle: string) {
	const doc = codec.parse(markdown);
	const { from, to } = find(doc, needle);
	const r = selectionToMarkdown(codec, doc, from, to);
	if (!r) throw new Error('no mapping');
	return { ...r, text: r.markdown.slice(r.start, r.end) };
}

describe('Markdown round trip', () => {
	it('keeps headings, emphasis, lists, quotes and links as written', () => {
		const md =
			'# Flu clinics\n\nBook **now** at *any* pharmacy.\n\n- one\n- two\n\n1. first\n2. second\n\n> A quote\n\nSee [the NHS website](https://www.nhs.uk).';
		expect(codec.serialize(codec.parse(md))).toBe(md);
	});

	it('keeps ampersands and comparisons readable rather than as HTML entities', () => {
		expect(codec.serialize(codec.parse('Go to A&E if you are <5 or 65 > age.'))).toBe(
			'Go to A&E if you are <5 or 65 > age.'
		);
		expect(tidyEntities('&amp;nbsp; &lt;b&gt;')).toBe('&amp;nbsp; &lt;b>');
	});
});

describe('selectionToMarkdown', () => {
	it('maps a passage in a plain paragraph', () => {
		const md = 'First paragraph here.\n\nThe clinic opens on Monday at 9am.';
		const r = spanOf(md, 'opens on Monday');
		expect(r.text).toBe('opens on Monday');
		expect(r.start).toBe(md.indexOf('opens on Monday'));
	});

	it('maps a passage in a heading', () => {
		const r = spanOf('# Winter vaccines\n\nBody text.', 'Winter');
		expect(r.text).toBe('Winter');
		expect(r.start).toBe(2);
	});

	it('keeps the span inside bold formatting when the selection is exactly the bold text', () => {
		const r = spanOf('Book **now** please.', 'now');
		expect(r.text).toBe('now');
	});

	it('includes the formatting that lies inside a larger selection', () => {
		const r = spanOf('Book **now** please.', 'Book now please');
		expect(r.text).toBe('Book **now** please');
	});

	it('maps a passage in a list item and across list items', () => {
		const md = 'Intro.\n\n- bring your card\n- wear a short sleeve\n\nEnd.';
		expect(spanOf(md, 'short sleeve').text).toBe('short sleeve');
		const across = spanOf(md, 'card\n\nwear');
		expect(across.text).toBe('card\n- wear');
	});

	it('maps a selection across paragraphs', () => {
		const md = 'One two.\n\nThree four.';
		const r = spanOf(md, 'two.\n\nThree');
		expect(r.text).toBe('two.\n\nThree');
	});

	it('answers null for an empty selection', () => {
		const doc = codec.parse('Some text.');
		expect(selectionToMarkdown(codec, doc, 3, 3)).toBeNull();
	});

	it('maps a whole-document selection to its text, leaving the heading marker outside the span', () => {
		const md = '# Title\n\nText.';
		const doc = codec.parse(md);
		const r = selectionToMarkdown(codec, doc, 0, doc.content.size);
		expect(r && md.slice(r.start, r.end)).toBe('Title\n\nText.');
	});

	it('counts UTF-16 units, so text after an emoji maps correctly', () => {
		const md = 'Thanks 🎉 to everyone who came.';
		expect(spanOf(md, 'everyone').start).toBe(md.indexOf('everyone'));
	});
});

describe('documentText', () => {
	it('separates blocks with blank lines and maps offsets back to editor positions', () => {
		const doc = codec.parse('# Hi\n\nA **b** c');
		const map = documentText(doc);
		expect(map.text).toBe('Hi\n\nA b c');
		const pos = textOffsetToPos(map, map.text.indexOf('b'))!;
		expect(doc.textBetween(pos, pos + 1)).toBe('b');
	});
});
