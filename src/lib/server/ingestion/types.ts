/** The formats we can read, decided from the file's bytes rather than its name. */
export type DetectedType = 'pdf' | 'docx' | 'html' | 'markdown' | 'text';

export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

/**
 * One structural unit of a document. Deliberately flat: nesting (lists in lists, cells in rows)
 * is flattened to text because retrieval only needs reading order and section boundaries.
 */
export type Block =
	| { kind: 'heading'; level: HeadingLevel; text: string }
	| { kind: 'paragraph'; text: string }
	| { kind: 'list_item'; text: string }
	| { kind: 'table_row'; text: string };

export interface ParsedDocument {
	title: string | null;
	blocks: Block[];
}

/** Collapses runs of whitespace (including non-breaking and zero-width spaces) to single spaces. */
export function normaliseWhitespace(text: string): string {
	return text
		.replace(/[\u200B-\u200D\uFEFF\u00AD]/g, '')
		.replace(/\s+/g, ' ')
		.trim();
}

export function clampHeadingLevel(level: number): HeadingLevel {
	return Math.min(6, Math.max(1, Math.round(level))) as HeadingLevel;
}
