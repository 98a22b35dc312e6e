/** A count as a share of all responses, in words: "23%", "less than 1%" for a few in many, "0%" for none. */
export function shareWords(count: number, total: number): string {
	if (!total || count <= 0) return '0%';
	const percent = (count / total) * 100;
	if (percent < 1) return 'less than 1%';
	return `${Math.round(percent)}%`;
}
