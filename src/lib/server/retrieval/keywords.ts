/**
 * Builds the full-text half of a search. Postgres full text ANDs terms by default, which finds
 * nothing for most natural questions, and its ranking has no notion of how rare a word is, so a
 * word that appears in every passage ("write", "NHS") swamps the words that matter. We OR the
 * question's words for websearch_to_tsquery, leaving out words found in a large share of the
 * library (document frequency from ts_stat, cached until the library changes).
 */
import { lexemesOfWords, searchableLexemeStats } from '../db/queries/retrieval';

/** A word in more than this share of passages carries little evidence about which passage is right. */
const COMMON_SHARE = 0.35;
/** Keep at least this many of the rarest words, so a question of only common words still matches. */
const MIN_WORDS = 2;
const STATS_TTL_MS = 10 * 60_000;

let stats: { at: number; value: Promise<{ total: number; df: Map<string, number> }> } | undefined;

/** Call after the set of searchable passages changes. */
export function invalidateKeywordStats(): void {
	stats = undefined;
}

function lexemeStats() {
	if (!stats || Date.now() - stats.at > STATS_TTL_MS) {
		const value = searchableLexemeStats();
		stats = { at: Date.now(), value };
		value.catch(() => (stats = undefined));
	}
	return stats.value;
}

/**
 * Lower-cased words of a question, without websearch operators. Words keep inner apostrophes and
 * decimal points ("don't", "2.2", "14.3") because Postgres's parser keeps them whole too.
 */
export function questionWords(text: string): string[] {
	const words = (
		text
			.toLowerCase()
			.replace(/[\u2018\u2019]/g, "'")
			.match(/[\p{L}\p{N}]+(?:['.][\p{L}\p{N}]+)*/gu) ?? []
	).filter((w) => w.length > 1 && w !== 'or' && w !== 'and' && w !== 'not');
	return [...new Set(words)].slice(0, 32);
}

export type KeywordQuery = { query: string; weights: { lexeme: string; weight: number }[] };

/** BM25's inverse document frequency: rare stems weigh more. */
function idf(df: number, total: number): number {
	return Math.log(1 + (total - df + 0.5) / (df + 0.5));
}

/** A websearch_to_tsquery string that ORs the informative words of the question, and their stems' weights. */
export async function toKeywordQuery(text: string): Promise<KeywordQuery> {
	const words = questionWords(text);
	if (!words.length) return { query: '', weights: [] };
	const [{ total, df }, lexemes] = await Promise.all([lexemeStats(), lexemesOfWords(words)]);
	const scored = words
		.map((word) => {
			const lex = lexemes.get(word) ?? [];
			const share = lex.length && total ? Math.min(...lex.map((l) => df.get(l) ?? 0)) / total : 0;
			return { word, share, stop: lex.length === 0 };
		})
		.filter((w) => !w.stop);
	const rarest = [...scored].sort((a, b) => a.share - b.share);
	const keep = new Set([
		...rarest.slice(0, MIN_WORDS).map((w) => w.word),
		...scored.filter((w) => w.share <= COMMON_SHARE).map((w) => w.word)
	]);
	const kept = scored.filter((w) => keep.has(w.word));
	const weights = new Map<string, number>();
	for (const w of kept) {
		for (const lexeme of lexemes.get(w.word) ?? []) weights.set(lexeme, idf(df.get(lexeme) ?? 0, total));
	}
	return {
		query: kept.map((w) => w.word).join(' or '),
		weights: [...weights].map(([lexeme, weight]) => ({ lexeme, weight }))
	};
}
