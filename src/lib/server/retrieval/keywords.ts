/**
 * Builds the full-text half of a search. Postgres full text ANDs terms by default, which finds
 * nothing for most natural questions, and its ranking has no notion of how rare a word is, so a
 * word that appears in every passage ("write", "NHS") swamps the words that matter. We OR the
 * question's words for websearch_to_tsquery, leaving out words found in a large share of the
 * library (document frequency from ts_stat, cached until the library changes).
 */
import { lexemesOfWords, searchableLexemeStats } from '../db/queries/retrieval';
import { sharedCache } from '../cluster/caches';
import { LruCache } from './lru';

/** A word in more than this share of passages carries little evidence about which passage is right. */
const COMMON_SHARE = 0.35;
/** Keep at least this many of the rarest words, so a question of only common words still matches. */
const MIN_WORDS = 2;
/**
 * Every passage the keyword half matches is scored one by one, so on a large library a question of
 * fairly common words would score tens of thousands of them (over a second at 100,000 passages). As
 * in Elasticsearch's cutoff-frequency "common terms" query, passages are matched by the rarest words
 * until their passage counts add up to about this many (or, when even the rarest word is more common
 * than that, by passages that contain the rarest words together); the other kept words still add
 * their weight to the score of every matched passage. Small libraries are rarely affected: the kept
 * words of a question must appear in over 2,000 passages between them (never so on the sample library).
 */
const MATCH_BUDGET = 2_000;
const STATS_TTL_MS = 10 * 60_000;

let stats: { at: number; value: Promise<{ total: number; df: Map<string, number> }> } | undefined;
let refreshing: Promise<void> | undefined;

/**
 * The 'english' stems of words already seen. They depend only on Postgres's fixed dictionary, never on
 * the library, so they never go stale; a question's words are mostly common, so most are found here and
 * the database is asked only about new ones.
 */
const wordLexemes = new LruCache<string, string[]>(20_000);

async function lexemesOf(words: string[]): Promise<Map<string, string[]>> {
	const out = new Map<string, string[]>();
	const missing: string[] = [];
	for (const word of words) {
		const known = wordLexemes.get(word);
		if (known) out.set(word, known);
		else missing.push(word);
	}
	if (missing.length) {
		const found = await lexemesOfWords(missing);
		for (const word of missing) {
			const lexemes = found.get(word) ?? [];
			wordLexemes.set(word, lexemes);
			out.set(word, lexemes);
		}
	}
	return out;
}

/** How many passages are searchable (from the cached counts, so usually without a query). */
export async function searchablePassageCount(): Promise<number> {
	return (await lexemeStats()).total;
}

/** Call after the set of searchable passages changes: every instance drops its counts. */
export const invalidateKeywordStats: () => void = sharedCache('keyword-stats', () => {
	stats = undefined;
});

function lexemeStats() {
	if (!stats) {
		const entry = { at: Date.now(), value: searchableLexemeStats() };
		stats = entry;
		entry.value.catch(() => {
			if (stats === entry) stats = undefined;
		});
	} else if (Date.now() - stats.at > STATS_TTL_MS && !refreshing) {
		// Recount in the background (seconds on a large library) and keep answering with the old counts.
		const entry = stats;
		refreshing = searchableLexemeStats()
			.then((value) => {
				if (stats === entry) stats = { at: Date.now(), value: Promise.resolve(value) };
			})
			.catch(() => {})
			.finally(() => (refreshing = undefined));
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

/**
 * A websearch_to_tsquery string that ORs the informative words of the question, and their stems' weights.
 * Words of `expansion` (synonyms of the question's terms) are searched too, their weights scaled by
 * `expansionWeight`: evidence that a passage uses another name for the thing asked about, but weaker
 * than the question's own words.
 */
export async function toKeywordQuery(text: string, expansion = '', expansionWeight = 1): Promise<KeywordQuery> {
	const own = questionWords(text);
	const extra = new Set(questionWords(expansion).filter((w) => !own.includes(w)));
	const words = [...own, ...extra].slice(0, 40);
	if (!words.length) return { query: '', weights: [] };
	const [{ total, df }, lexemes] = await Promise.all([lexemeStats(), lexemesOf(words)]);
	const scored = words
		.map((word) => {
			const lex = lexemes.get(word) ?? [];
			const passages = lex.length ? Math.min(...lex.map((l) => df.get(l) ?? 0)) : 0;
			return { word, passages, share: total ? passages / total : 0, stop: lex.length === 0 };
		})
		.filter((w) => !w.stop);
	const rarest = [...scored].sort((a, b) => a.share - b.share);
	const keep = new Set([
		...rarest.slice(0, MIN_WORDS).map((w) => w.word),
		...scored.filter((w) => w.share <= COMMON_SHARE).map((w) => w.word)
	]);
	const kept = scored.filter((w) => keep.has(w.word));
	const byRarity = [...kept].sort((a, b) => a.passages - b.passages);
	const allCommon = byRarity.length > 0 && byRarity[0].passages > MATCH_BUDGET;
	const matchBy = new Set<string>();
	// Passages matched: at most the sum of the words' counts (OR), or about their product share (AND).
	let matched = allCommon ? total : 0;
	for (const w of byRarity) {
		if (allCommon) {
			matchBy.add(w.word);
			matched *= w.passages / total;
			if (matched <= MATCH_BUDGET) break;
		} else {
			if (matchBy.size > 0 && matched + w.passages > MATCH_BUDGET) break;
			matchBy.add(w.word);
			matched += w.passages;
		}
	}
	const weights = new Map<string, number>();
	for (const w of kept) {
		const scale = extra.has(w.word) ? expansionWeight : 1;
		for (const lexeme of lexemes.get(w.word) ?? []) {
			const weight = idf(df.get(lexeme) ?? 0, total) * scale;
			weights.set(lexeme, Math.max(weights.get(lexeme) ?? 0, weight));
		}
	}
	return {
		query: kept
			.filter((w) => matchBy.has(w.word))
			.map((w) => w.word)
			.join(allCommon ? ' ' : ' or '),
		weights: [...weights].map(([lexeme, weight]) => ({ lexeme, weight }))
	};
}
