/**
 * Turns a question into a websearch_to_tsquery string that ORs its words. Postgres full text ANDs
 * terms by default, which finds nothing for most natural questions ("what colour is NHS blue");
 * OR with ts_rank_cd ranking rewards passages that match more of the words. Quoted phrases are kept
 * as phrases. Stop words are removed by the 'english' configuration itself.
 */
export function toKeywordQuery(text: string): string {
	const phrases: string[] = [];
	const rest = text.replace(/"([^"]{1,200})"/g, (_, phrase: string) => {
		const clean = phrase.replace(/[^\p{L}\p{N}\s'-]/gu, ' ').trim();
		if (clean) phrases.push(`"${clean}"`);
		return ' ';
	});
	const words = rest
		.toLowerCase()
		.split(/[^\p{L}\p{N}]+/u)
		.filter((w) => w.length > 1 && w !== 'or' && w !== 'and' && w !== 'not');
	const unique = [...new Set(words)].slice(0, 32);
	return [...phrases, ...unique].join(' or ');
}
