import { describe, expect, it } from 'vitest';
import { readFixture } from '../../../../tests/fixtures/ingestion/read';
import { chunkDocument, countTokens, type Chunk } from './chunking';
import { parseMarkdown } from './parsers/markdown';
import { splitSentences } from './sentences';
import type { Block, ParsedDocument } from './types';

const sentence = (i: number) => `Point ${i} explains how staff should talk about vaccines with patients.`;
const paragraph = (from: number, count: number) =>
	Array.from({ length: count }, (_, k) => sentence(from + k)).join(' ');
const doc = (...blocks: Block[]): ParsedDocument => ({ title: null, blocks });
const h = (level: 1 | 2 | 3, text: string): Block => ({ kind: 'heading', level, text });
const p = (text: string): Block => ({ kind: 'paragraph', text });
const li = (text: string): Block => ({ kind: 'list_item', text });

/** Sentences of a chunk, with list markers removed, as they appear in the source. */
const sentencesOf = (chunk: Chunk) =>
	chunk.text.split(/\n+/).flatMap((line) => splitSentences(line.replace(/^- /, '')));

describe('chunkDocument: sections and heading paths', () => {
	it('gives each chunk the headings above it, starting with the document title heading', () => {
		const chunks = chunkDocument(parseMarkdown(new TextDecoder().decode(readFixture('inclusive-language.md'))));
		expect(chunks.map((c) => c.headingPath)).toEqual([
			['Inclusive language'],
			['Inclusive language', 'Age'],
			['Inclusive language', 'Disability'],
			['Inclusive language', 'Disability', 'Mental health']
		]);
		expect(chunks[1].text).toBe(
			'Avoid describing people by age unless it is relevant. Say "older people" rather than "the elderly".\n- Use "people aged 65 and over" when you need to be precise.\n- Do not use "pensioners" as a general term.'
		);
	});

	it('does not repeat the heading in the text and never mixes two sections', () => {
		const chunks = chunkDocument(
			doc(h(1, 'Guide'), p('Intro text.'), h(2, 'Age'), p('Age text.'), h(2, 'Sex'), p('Sex text.'))
		);
		expect(chunks.map((c) => [c.headingPath.join(' > '), c.text])).toEqual([
			['Guide', 'Intro text.'],
			['Guide > Age', 'Age text.'],
			['Guide > Sex', 'Sex text.']
		]);
	});

	it('pops back to the right level and keeps text before any heading with an empty path', () => {
		const chunks = chunkDocument(doc(p('Preamble.'), h(2, 'A'), h(3, 'A1'), p('Deep.'), h(2, 'B'), p('Back up.')));
		expect(chunks.map((c) => c.headingPath)).toEqual([[], ['A', 'A1'], ['B']]);
	});

	it('merges short paragraphs under one heading, keeping them as separate paragraphs', () => {
		const chunks = chunkDocument(doc(h(2, 'Tone'), p('Be warm.'), p('Be  direct.'), p('Avoid jargon.')));
		expect(chunks).toHaveLength(1);
		expect(chunks[0].text).toBe('Be warm.\n\nBe direct.\n\nAvoid jargon.');
	});
});

describe('chunkDocument: long sections', () => {
	const long = doc(h(1, 'Talking about vaccines'), p(paragraph(0, 40)), p(paragraph(40, 40)), p(paragraph(80, 40)));
	const options = { targetTokens: 120, maxTokens: 180, overlapTokens: 30 };
	const chunks = chunkDocument(long, options);

	it('splits into several chunks with sequential positions and honest token counts', () => {
		expect(chunks.length).toBeGreaterThan(5);
		expect(chunks.map((c) => c.position)).toEqual(chunks.map((_, i) => i));
		for (const chunk of chunks) {
			expect(chunk.tokenCount).toBe(countTokens(chunk.text));
			expect(chunk.tokenCount).toBeLessThanOrEqual(options.maxTokens);
			expect(chunk.headingPath).toEqual(['Talking about vaccines']);
		}
	});

	it('never splits a sentence', () => {
		const source = new Set(Array.from({ length: 120 }, (_, i) => sentence(i)));
		for (const chunk of chunks) for (const s of sentencesOf(chunk)) expect(source.has(s)).toBe(true);
	});

	it('covers every sentence, in order', () => {
		const seen = chunks.flatMap(sentencesOf);
		const firstSeen = Array.from({ length: 120 }, (_, i) => seen.indexOf(sentence(i)));
		expect(firstSeen.every((index) => index >= 0)).toBe(true);
		expect([...firstSeen].sort((a, b) => a - b)).toEqual(firstSeen);
	});

	it('repeats whole sentences from the end of one chunk at the start of the next', () => {
		for (let i = 1; i < chunks.length; i++) {
			const previous = sentencesOf(chunks[i - 1]);
			const current = sentencesOf(chunks[i]);
			const repeated = current.filter((s) => previous.includes(s));
			expect(repeated.length).toBeGreaterThan(0);
			expect(current.slice(0, repeated.length)).toEqual(previous.slice(-repeated.length));
			expect(countTokens(repeated.join(' '))).toBeLessThanOrEqual(options.overlapTokens);
		}
	});

	it('cuts a sentence longer than maxTokens between words only', () => {
		const words = Array.from({ length: 600 }, (_, i) => `word${i}`);
		const result = chunkDocument(doc(p(`${words.join(' ')}.`)), options);
		expect(result.length).toBeGreaterThan(1);
		for (const chunk of result) expect(chunk.tokenCount).toBeLessThanOrEqual(options.maxTokens);
		const rejoined = result.map((c) => c.text.split(' ')).flat();
		for (const word of words.slice(0, -1)) expect(rejoined).toContain(word);
	});

	it('keeps a list with the sentence that introduces it', () => {
		// 8 sentences (96 tokens) + lead-in (4) reach the 103-token target just before the list starts.
		const items = [
			'people aged 65 and over',
			'pregnant women',
			'carers of older people',
			'frontline health staff',
			'children aged 2 or 3'
		];
		const result = chunkDocument(
			doc(h(2, 'Who can get it'), p(paragraph(0, 8)), p('Eligible groups include:'), ...items.map(li)),
			{ targetTokens: 103, maxTokens: 120, overlapTokens: 0 }
		);
		expect(result).toHaveLength(2);
		expect(result[0].text.endsWith('with patients.')).toBe(true);
		expect(result[1].text).toBe(`Eligible groups include:\n${items.map((i) => `- ${i}`).join('\n')}`);
	});

	it('rejects nonsensical options', () => {
		expect(() => chunkDocument(long, { targetTokens: 500, maxTokens: 400 })).toThrow(RangeError);
		expect(() => chunkDocument(long, { overlapTokens: 300 })).toThrow(RangeError);
	});
});

describe('chunkDocument: defaults and speed', () => {
	it('uses about 300-token chunks by default, none over 450', () => {
		const chunks = chunkDocument(doc(h(1, 'Guide'), p(paragraph(0, 200))));
		for (const chunk of chunks) expect(chunk.tokenCount).toBeLessThanOrEqual(450);
		expect(chunks[0].tokenCount).toBeGreaterThan(250);
		expect(chunks[0].tokenCount).toBeLessThanOrEqual(300);
	});

	it('parses and chunks a 1 MB Markdown document quickly', () => {
		const section = `## Section\n\n${paragraph(0, 12)}\n\n- An item with e.g. an abbreviation.\n- Another item.\n\n`;
		const source = `# Big guide\n\n${section.repeat(Math.ceil((1024 * 1024) / section.length))}`;
		const started = performance.now();
		const chunks = chunkDocument(parseMarkdown(source));
		const elapsed = performance.now() - started;
		expect(chunks.length).toBeGreaterThan(500);
		// Typically ~0.3 s; the generous bound catches accidental quadratic work without flaking on slow CI.
		expect(elapsed).toBeLessThan(3000);
	});
});
