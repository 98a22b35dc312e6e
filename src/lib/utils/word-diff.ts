/**
 * A word-level diff (longest common subsequence over words, keeping the spaces and line breaks that
 * follow each word), for showing what changed between two versions of a text. Pure, so it runs in
 * the browser and on the server alike.
 */
export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string };

/** Past this many words on each side the LCS table gets too big; longer texts are compared by line. */
const MAX_WORDS = 4000;

/** Splits text into tokens of a word (or run of punctuation) plus the whitespace after it. */
export function tokenise(text: string): string[] {
	return text.match(/\s+|[^\s]+\s*/g) ?? [];
}

function lcsTable(a: string[], b: string[]): Uint32Array[] {
	const rows = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
	for (let i = a.length - 1; i >= 0; i--) {
		for (let j = b.length - 1; j >= 0; j--) {
			rows[i][j] =
				a[i].trimEnd() === b[j].trimEnd() ? rows[i + 1][j + 1] + 1 : Math.max(rows[i + 1][j], rows[i][j + 1]);
		}
	}
	return rows;
}

function push(parts: DiffPart[], kind: DiffPart['kind'], text: string): void {
	const last = parts.at(-1);
	if (last?.kind === kind) last.text += text;
	else parts.push({ kind, text });
}

function diffTokens(a: string[], b: string[]): DiffPart[] {
	const table = lcsTable(a, b);
	const parts: DiffPart[] = [];
	let i = 0;
	let j = 0;
	while (i < a.length && j < b.length) {
		if (a[i].trimEnd() === b[j].trimEnd()) {
			push(parts, 'same', b[j]);
			i++;
			j++;
		} else if (table[i + 1][j] >= table[i][j + 1]) {
			push(parts, 'removed', a[i++]);
		} else {
			push(parts, 'added', b[j++]);
		}
	}
	while (i < a.length) push(parts, 'removed', a[i++]);
	while (j < b.length) push(parts, 'added', b[j++]);
	return parts;
}

/** What changed from `before` to `after`, word by word (line by line for very long texts). */
export function wordDiff(before: string, after: string): DiffPart[] {
	const a = tokenise(before);
	const b = tokenise(after);
	if (a.length <= MAX_WORDS && b.length <= MAX_WORDS) return diffTokens(a, b);
	const lines = (t: string) => t.match(/[^\n]*\n|[^\n]+$/g) ?? [];
	return diffTokens(lines(before), lines(after));
}

/** How many words were added and removed, for a one-line summary. */
export function diffCounts(parts: DiffPart[]): { added: number; removed: number } {
	const words = (t: string) => t.split(/\s+/).filter(Boolean).length;
	return {
		added: parts.filter((p) => p.kind === 'added').reduce((n, p) => n + words(p.text), 0),
		removed: parts.filter((p) => p.kind === 'removed').reduce((n, p) => n + words(p.text), 0)
	};
}
