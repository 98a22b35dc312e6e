/** The passage numbers an answer cites as [1] or [1, 3] (not a Markdown link), in order of first use. */
export function citedNumbers(text: string): number[] {
	const cited: number[] = [];
	for (const match of text.matchAll(/\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\](?!\()/g)) {
		for (const part of match[1].split(',')) {
			const n = Number(part.trim());
			if (!cited.includes(n)) cited.push(n);
		}
	}
	return cited;
}

/** The sources an answer cites, in passage order; `sources` may include passages offered but not cited. */
export function citedSources<T extends { n: number }>(text: string, sources: T[]): T[] {
	const cited = new Set(citedNumbers(text));
	return sources.filter((s) => cited.has(s.n)).sort((a, b) => a.n - b.n);
}
