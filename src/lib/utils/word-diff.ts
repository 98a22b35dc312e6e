/** A word-level diff between two texts, for comparing draft versions and resolving conflicts. */

export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string };

/** Largest table the exact comparison builds; past it the middle is shown as one change. */
const MAX_CELLS = 4_000_000;

/** Words and the whitespace between them, kept so that joining the tokens gives back the text. */
export function tokenize(text: string): string[] {
	return text.match(/\s+|[^\s]+/g) ?? [];
}

function push(parts: DiffPart[], kind: DiffPart['kind'], text: string) {
	if (!text) return;
	const last = parts.at(-1);
	if (last && last.kind === kind) last.text += text;
	else parts.push({ kind, text });
}

/** Longest-common-subsequence diff of two token lists (both small enough for a table). */
function lcsDiff(a: string[], b: string[], parts: DiffPart[]) {
	const n = a.length;
	const m = b.length;
	const table = new Uint32Array((n + 1) * (m + 1));
	for (let i = n - 1; i >= 0; i--) {
		for (let j = m - 1; j >= 0; j--) {
			table[i * (m + 1) + j] =
				a[i] === b[j]
					? table[(i + 1) * (m + 1) + j + 1] + 1
					: Math.max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1]);
		}
	}
	let i = 0;
	let j = 0;
	while (i < n && j < m) {
		if (a[i] === b[j]) {
			push(parts, 'same', a[i]);
			i++;
			j++;
		} else if (table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1]) {
			push(parts, 'removed', a[i++]);
		} else {
			push(parts, 'added', b[j++]);
		}
	}
	while (i < n) push(parts, 'removed', a[i++]);
	while (j < m) push(parts, 'added', b[j++]);
}

/** The changes from `before` to `after`, word by word; joining 'same'+'removed' gives `before`. */
export function diffWords(before: string, after: string): DiffPart[] {
	const a = tokenize(before);
	const b = tokenize(after);
	let head = 0;
	while (head < a.length && head < b.length && a[head] === b[head]) head++;
	let tail = 0;
	while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
	const parts: DiffPart[] = [];
	push(parts, 'same', a.slice(0, head).join(''));
	const midA = a.slice(head, a.length - tail);
	const midB = b.slice(head, b.length - tail);
	if ((midA.length + 1) * (midB.length + 1) <= MAX_CELLS) lcsDiff(midA, midB, parts);
	else {
		push(parts, 'removed', midA.join(''));
		push(parts, 'added', midB.join(''));
	}
	push(parts, 'same', a.slice(a.length - tail).join(''));
	return parts;
}

/** How many words were added and removed, for a one-line summary. */
export function diffSummary(parts: DiffPart[]): { added: number; removed: number } {
	const words = (t: string) => tokenize(t).filter((w) => w.trim()).length;
	return {
		added: parts.filter((p) => p.kind === 'added').reduce((n, p) => n + words(p.text), 0),
		removed: parts.filter((p) => p.kind === 'removed').reduce((n, p) => n + words(p.text), 0)
	};
}
