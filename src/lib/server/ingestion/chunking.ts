import { splitSentences } from './sentences';
import { countTokens } from './tokens';
import { normaliseWhitespace, type Block, type ParsedDocument } from './types';

export { countTokens } from './tokens';

export interface Chunk {
	/** The passage as written (whitespace normalised); headings are not repeated in it. */
	text: string;
	/** Headings above the passage, outermost first, e.g. ["Inclusive language", "Age"]. */
	headingPath: string[];
	/** 0-based order of the chunk in the document. */
	position: number;
	tokenCount: number;
}

export interface ChunkOptions {
	targetTokens?: number;
	maxTokens?: number;
	overlapTokens?: number;
}

type ContentKind = Exclude<Block['kind'], 'heading'>;

/** A sentence (or a whole list item or table row), the smallest thing a chunk boundary may fall after. */
interface Piece {
	text: string;
	tokens: number;
	kind: ContentKind;
	/** First piece of its paragraph, list item or row: chunk boundaries prefer to fall before these. */
	startsUnit: boolean;
}

/**
 * Splits a document into retrieval passages. Each chunk stays inside one section and carries the heading
 * path above it; short paragraphs are merged up to targetTokens; long sections are cut between sentences
 * (preferring paragraph ends) with about overlapTokens of whole sentences repeated from the previous chunk.
 * A sentence is only cut, at word boundaries, when it alone is longer than maxTokens. No chunk is longer
 * than maxTokens. List items are written one per line with a "- " marker.
 */
export function chunkDocument(parsed: ParsedDocument, options: ChunkOptions = {}): Chunk[] {
	const { targetTokens = 300, maxTokens = 450, overlapTokens = 50 } = options;
	if (!(targetTokens > 0 && maxTokens >= targetTokens && overlapTokens >= 0 && overlapTokens < targetTokens)) {
		throw new RangeError('chunkDocument needs 0 < targetTokens <= maxTokens and 0 <= overlapTokens < targetTokens');
	}
	const chunks: Chunk[] = [];
	for (const section of sections(parsed.blocks)) {
		const pieces = section.blocks.flatMap((block) => toPieces(block, targetTokens, maxTokens));
		for (const group of pack(pieces, targetTokens, maxTokens, overlapTokens)) {
			const text = render(group);
			chunks.push({ text, headingPath: section.path, position: chunks.length, tokenCount: countTokens(text) });
		}
	}
	return chunks;
}

interface Section {
	path: string[];
	blocks: Exclude<Block, { kind: 'heading' }>[];
}

function sections(blocks: Block[]): Section[] {
	const stack: { level: number; text: string }[] = [];
	const result: Section[] = [{ path: [], blocks: [] }];
	for (const block of blocks) {
		if (block.kind === 'heading') {
			while (stack.length > 0 && stack[stack.length - 1].level >= block.level) stack.pop();
			stack.push({ level: block.level, text: block.text });
			result.push({ path: stack.map((h) => h.text), blocks: [] });
		} else if (normaliseWhitespace(block.text)) {
			result[result.length - 1].blocks.push(block);
		}
	}
	return result.filter((s) => s.blocks.length > 0);
}

function toPieces(block: Exclude<Block, { kind: 'heading' }>, target: number, max: number): Piece[] {
	const marker = block.kind === 'list_item' ? '- ' : '';
	const parts = splitSentences(normaliseWhitespace(block.text)).flatMap((s, i) => {
		// The list marker costs a token, and must not push the first piece over the limit.
		const extra = i === 0 ? countTokens(marker) : 0;
		return countTokens(s) + extra > max ? splitWords(s, Math.max(1, target - extra)) : [s];
	});
	return parts.map((text, i) => {
		const full = i === 0 ? marker + text : text;
		return { text: full, tokens: countTokens(full), kind: block.kind, startsUnit: i === 0 };
	});
}

/** Last resort for a sentence longer than maxTokens: cut between words into pieces of at most target. */
function splitWords(sentence: string, target: number): string[] {
	const parts: string[] = [];
	let current: string[] = [];
	let tokens = 0;
	// A single "word" (a long URL, say) longer than the target is cut into characters; each is at most 1 token.
	const words = sentence
		.split(' ')
		.flatMap((w) => (countTokens(w) > target ? (w.match(new RegExp(`.{1,${target}}`, 'gsu')) ?? []) : [w]));
	for (const word of words) {
		const n = countTokens(word);
		if (tokens + n > target && current.length > 0) {
			parts.push(current.join(' '));
			current = [];
			tokens = 0;
		}
		current.push(word);
		tokens += n;
	}
	if (current.length > 0) parts.push(current.join(' '));
	return parts;
}

/** Greedy packing of one section's pieces into chunks; returns the pieces of each chunk, overlap included. */
function pack(pieces: Piece[], target: number, max: number, overlap: number): Piece[][] {
	const before = [0];
	for (const p of pieces) before.push(before[before.length - 1] + p.tokens);
	const span = (from: number, to: number) => before[to] - before[from];
	const n = pieces.length;
	const groups: Piece[][] = [];
	let carry: Piece[] = [];
	let i = 0;
	while (i < n) {
		let carried = carry.reduce((sum, p) => sum + p.tokens, 0);
		if (carried + pieces[i].tokens > max) {
			carry = [];
			carried = 0;
		}
		let j = i + 1;
		while (j < n && carried + span(i, j + 1) <= target) j++;

		if (j < n && carried + span(i, n) <= max && span(j, n) <= target / 4) {
			j = n; // a small remainder joins this chunk rather than standing alone
		} else if (j < n) {
			j = preferredBreak(pieces, i, j, target, span);
		}
		groups.push([...carry, ...pieces.slice(i, j)]);
		carry = overlapPieces(pieces, i, j, overlap);
		i = j;
	}
	return groups;
}

/** Moves a break back to the end of a paragraph, and keeps a list's lead-in sentence with its list. */
function preferredBreak(
	pieces: Piece[],
	i: number,
	j: number,
	target: number,
	span: (from: number, to: number) => number
): number {
	let end = j;
	if (!pieces[end].startsUnit) {
		for (let k = end - 1; k > i; k--) {
			if (pieces[k].startsUnit && span(i, k) >= target / 2) {
				end = k;
				break;
			}
		}
	}
	const next = pieces[end];
	const previous = pieces[end - 1];
	if (next.kind === 'list_item' && next.startsUnit && previous.kind === 'paragraph' && end - 1 > i) {
		let leadIn = end - 1;
		while (leadIn > i + 1 && !pieces[leadIn].startsUnit && span(leadIn - 1, end) <= target / 2) leadIn--;
		end = leadIn;
	}
	return end;
}

/** Whole pieces from the end of a chunk adding up to at most `overlap` tokens, never the whole chunk. */
function overlapPieces(pieces: Piece[], from: number, to: number, overlap: number): Piece[] {
	let start = to;
	let tokens = 0;
	while (start - 1 > from && tokens + pieces[start - 1].tokens <= overlap) {
		start--;
		tokens += pieces[start].tokens;
	}
	return pieces.slice(start, to);
}

function render(pieces: Piece[]): string {
	let text = '';
	for (const [index, piece] of pieces.entries()) {
		if (index === 0) text = piece.text;
		else if (!piece.startsUnit) text += ` ${piece.text}`;
		else text += piece.kind === 'paragraph' ? `\n\n${piece.text}` : `\n${piece.text}`;
	}
	return text;
}
