import { findCollectionBySlug } from '../db/queries/corpus';
import { searchChunks, type ChunkHit, type SearchMode } from '../db/queries/retrieval';
import { expandQuery } from './expansion';
import { rankCandidates, type Fusion } from './fusion';
import { currentSynonyms } from './synonyms';
import { getEmbedder } from '../llm/current-embedder';
import { toStorageVector } from '../llm/embeddings/storage';
import type { Embedder } from '../llm/embeddings/types';
import { searchablePassageCount, toKeywordQuery } from './keywords';
import { LruCache } from './lru';
import { errorFields, logger } from '../observability/log';

export type { ChunkHit, SearchMode } from '../db/queries/retrieval';
export type { Fusion } from './fusion';
export const searchModes: readonly SearchMode[] = ['hybrid', 'vector', 'keyword'];

export type GuidanceSearch = {
	query: string;
	mode?: SearchMode;
	k?: number;
	/** Collection slugs; empty means every collection. */
	collections?: string[];
	/** Overrides the fusion of hybrid search (the evaluation's tuning runs only). */
	fusion?: Fusion;
	/**
	 * Weight of the synonyms of the question's terms in its keyword half, against 1 for its own words
	 * (EXPANSION_WEIGHT unless given; 0 turns expansion off, for measuring).
	 */
	expansionWeight?: number;
	/**
	 * Weight of the synonyms of the question's terms in its vector half: the query vector is the question's
	 * plus this times the synonyms' (VECTOR_EXPANSION_WEIGHT unless given; 0 embeds the question alone).
	 */
	vectorExpansionWeight?: number;
	/** Extra weight of question words found in a passage's heading (HEADING_BOOST unless given). */
	headingBoost?: number;
	/** Weight of word proximity in the keyword score (PROXIMITY_WEIGHT unless given). */
	proximityWeight?: number;
	/** Candidates each half contributes before fusion (5 × k unless given; for measuring). */
	candidates?: number;
	/** Passages the keyword half adds the proximity rank to (ChunkSearch.keywordShortlist; for measuring). */
	keywordShortlist?: number;
};

export type GuidanceResults = {
	query: string;
	mode: SearchMode;
	tookMs: number;
	results: (ChunkHit & { rank: number })[];
};

export class UnknownCollectionError extends Error {
	constructor(readonly slug: string) {
		super(`There is no collection with the slug "${slug}"`);
		this.name = 'UnknownCollectionError';
	}
}

/**
 * Up to this many searchable passages, the vector half compares the query with every passage instead of
 * walking the HNSW index. Measured on PGlite with the sample library (242 passages): a vector search
 * through the index costs about 5 ms of CPU whatever ef_search is, an exact one about 3 ms, growing by
 * a few microseconds a passage, so they meet somewhere past 500; 500 stays on the safe side. Exact
 * search also has perfect recall.
 */
export const EXACT_SEARCH_MAX_PASSAGES = 500;

/**
 * Query vectors by model and text. People ask the same things again (and retry failed answers), and a
 * hosted embedder costs a network round trip per question. The promise is kept, so identical questions
 * arriving together are embedded once. About 8 KB an entry (1,024 numbers).
 */
const queryVectors = new LruCache<string, Promise<number[]>>(500);

function queryVector(embedder: Embedder, query: string): Promise<number[]> {
	const key = `${embedder.id}\u0000${query}`;
	let vector = queryVectors.get(key);
	if (!vector) {
		const made = embedder.embedQuery(query).then(toStorageVector);
		made.catch(() => {
			if (queryVectors.get(key) === made) queryVectors.delete(key);
		});
		queryVectors.set(key, made);
		vector = made;
	}
	return vector;
}

/** Forgets cached query vectors (tests; a model whose vectors changed under the same id). */
export function clearQueryVectorCache(): void {
	queryVectors.clear();
}

/** Chosen with `npm run eval:retrieval -- --tune` on the tuning half of the question set only. */
export const EXPANSION_WEIGHT = 0.25;
/** 0: measured and not kept (see the README); a hosted embedding model may want it, re-run `--tune`. */
export const VECTOR_EXPANSION_WEIGHT = 0;
/** Chosen the same way: see the README's retrieval section. */
export const HEADING_BOOST = 0;
export const PROXIMITY_WEIGHT = 1;

/** The synonyms of the question's terms from the list (none when neither half uses them). */
async function synonymsOf(query: string, needed: boolean): Promise<string[]> {
	return needed && query ? expandQuery(query, await currentSynonyms()).added : [];
}

/** The keyword half's query, with the synonym list's expansion of the question. */
function keywordQuery(query: string, added: string[], weight: number) {
	if (weight <= 0 || !added.length) return toKeywordQuery(query);
	return toKeywordQuery(query, added.join(' '), weight);
}

/**
 * The vector half's query: the question's vector, moved towards its synonyms' when it has any. Each is
 * cached alone, and they are added rather than embedded as one text, so the synonyms weigh the same
 * however long the question is.
 */
async function expandedQueryVector(embedder: Embedder, query: string, added: string[], weight: number) {
	const own = queryVector(embedder, query);
	if (weight <= 0 || !added.length) return own;
	const [q, s] = await Promise.all([own, queryVector(embedder, added.join(', '))]);
	return toStorageVector(q.map((x, i) => x + weight * s[i]));
}

/** Finds the passages of published guidance that best answer a question. */
export async function searchGuidance(search: GuidanceSearch): Promise<GuidanceResults> {
	const started = performance.now();
	const k = Math.min(Math.max(search.k ?? 8, 1), 100);
	const collectionIds: string[] = [];
	for (const slug of search.collections ?? []) {
		const collection = await findCollectionBySlug(slug);
		if (!collection) throw new UnknownCollectionError(slug);
		collectionIds.push(collection.id);
	}
	const query = search.query.trim();
	const requested = search.mode ?? 'hybrid';
	// When the embedding model cannot be used (a connection down or misconfigured on Admin › Models),
	// hybrid search falls back to keywords rather than failing; vector-only search still reports it.
	let embedder: Embedder | undefined;
	if (requested !== 'keyword' && query) {
		try {
			embedder = await getEmbedder();
		} catch (e) {
			if (requested === 'vector') throw e;
			logger().warn(errorFields(e), 'the embedding model cannot be used: searching by keywords only');
		}
	}
	const mode: SearchMode = requested === 'hybrid' && query && !embedder ? 'keyword' : requested;
	// The two halves of the query are independent: a hosted embedder's round trip overlaps the database's.
	const keywordWeight = search.expansionWeight ?? EXPANSION_WEIGHT;
	const vectorWeight = search.vectorExpansionWeight ?? VECTOR_EXPANSION_WEIGHT;
	const useVector = mode !== 'keyword' && !!query && !!embedder;
	const useKeyword = mode !== 'vector' && !!query;
	const added = await synonymsOf(query, (useVector && vectorWeight > 0) || (useKeyword && keywordWeight > 0));
	const [vector, keywords, passages] = await Promise.all([
		useVector ? expandedQueryVector(embedder!, query, added, vectorWeight) : undefined,
		useKeyword ? keywordQuery(query, added, keywordWeight) : undefined,
		query ? searchablePassageCount() : 0
	]);
	const candidates = query
		? await searchChunks({
				mode,
				vector,
				embeddingModel: embedder?.id ?? '',
				keywordQuery: keywords?.query,
				keywordWeights: keywords?.weights,
				headingBoost: search.headingBoost ?? HEADING_BOOST,
				proximityWeight: search.proximityWeight ?? PROXIMITY_WEIGHT,
				candidates: search.candidates,
				keywordShortlist: search.keywordShortlist,
				collectionIds,
				k,
				exact: passages <= EXACT_SEARCH_MAX_PASSAGES
			})
		: [];
	const hits = rankCandidates(candidates, mode, k, search.fusion);
	return {
		query: search.query,
		mode,
		tookMs: Math.round((performance.now() - started) * 10) / 10,
		results: hits.map((hit, i) => ({ ...hit, rank: i + 1 }))
	};
}
