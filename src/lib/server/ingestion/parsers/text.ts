import { normaliseWhitespace, type Block, type ParsedDocument } from '../types';

const BULLET = /^\s*(?:[-*+•▪◦‣–]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+/;

/**
 * Plain text: blank lines separate paragraphs, hard-wrapped lines are joined, bullet lines become
 * list items. Heading detection is conservative because a wrong heading mislabels every chunk under it.
 */
export function parseText(source: string): ParsedDocument {
	const paragraphs = source
		.replace(/^\uFEFF/, '')
		.replace(/\r\n?/g, '\n')
		.split(/\n[ \t]*\n+/)
		.map((p) => p.replace(/^\n+|\n+$/g, ''))
		.filter((p) => p.trim() !== '');

	const blocks: Block[] = [];
	paragraphs.forEach((para, index) => {
		const lines = para.split('\n');
		const next = paragraphs[index + 1];
		// A run of short lines (an address, a sign-off) is not a series of headings, so a heading must be
		// followed by ordinary text; only the very first line may be followed by another heading.
		const nextIsText = next !== undefined && !(index > 0 && !next.includes('\n') && looksLikeHeading(next));
		if (lines.length === 1 && nextIsText && looksLikeHeading(lines[0])) {
			// The first line of a file is almost always its title; later ones are section headings.
			blocks.push({ kind: 'heading', level: index === 0 ? 1 : 2, text: normaliseWhitespace(lines[0]) });
			return;
		}
		let current: { kind: 'paragraph' | 'list_item'; lines: string[] } | null = null;
		const flush = () => {
			const text = current ? normaliseWhitespace(current.lines.join(' ')) : '';
			if (current && text) blocks.push({ kind: current.kind, text });
			current = null;
		};
		for (const line of lines) {
			if (BULLET.test(line)) {
				flush();
				current = { kind: 'list_item', lines: [line.replace(BULLET, '')] };
			} else if (current) {
				current.lines.push(line);
			} else {
				current = { kind: 'paragraph', lines: [line] };
			}
		}
		flush();
	});
	const first = blocks[0];
	return { title: first?.kind === 'heading' && first.level === 1 ? first.text : null, blocks };
}

/** Short, starts with a capital or number, and does not end like a sentence. */
function looksLikeHeading(line: string): boolean {
	const text = line.trim();
	if (text.length === 0 || text.length > 80 || BULLET.test(line)) return false;
	if (/[.!?,;:]$/.test(text)) return false;
	if (text.split(/\s+/).length > 12) return false;
	return /^[\p{Lu}\p{N}]/u.test(text);
}
