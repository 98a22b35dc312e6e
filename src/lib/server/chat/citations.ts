/** Citation markers such as [1], [2] or [1, 3], not followed by "(" (which would make a Markdown link). */
const MARKER = /\s?\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\](?!\()/g;

/**
 * Keeps the markers that name an offered passage (1 to `offered`) and removes the rest, so an answer
 * never points at a passage that does not exist. Returns the numbers cited, in order of first use.
 */
export function cleanCitations(text: string, offered: number): { text: string; cited: number[] } {
	const cited: number[] = [];
	const cleaned = text.replace(MARKER, (whole, list: string) => {
		const kept = list
			.split(',')
			.map((n) => Number(n.trim()))
			.filter((n) => Number.isInteger(n) && n >= 1 && n <= offered);
		for (const n of kept) if (!cited.includes(n)) cited.push(n);
		if (kept.length === 0) return '';
		const space = whole.startsWith('[') ? '' : whole[0];
		return `${space}[${kept.join(', ')}]`;
	});
	return { text: cleaned, cited };
}
