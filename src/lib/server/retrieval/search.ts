import { findCollectionBySlug } from '../db/queries/corpus';
import { searchChunks, type ChunkHit, type SearchMode } from '../db/queries/retrieval';
import { getEmbedder } from '../llm/current-embedder';
import { toStorageVector } from '../llm/embeddings/storage';
import { toKeywordQuery } from './keywords';

export type { ChunkHit, SearchMode } from '../db/queries/retrieval';
export const searchModes: readonly SearchMode[] = ['hybrid', 'vector', 'keyword'];

export type GuidanceSearch = {
	query: string;
	mode?: SearchMode;
	k?: number;
	/** Collection slugs; empty means every collection. */
	collections?: string[];
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

/** Finds the passages of published guidance that best answer a question. */
export async function searchGuidance(search: GuidanceSearch): Promise<GuidanceResults> {
	const started = performance.now();
	const mode = search.mode ?? 'hybrid';
	const k = Math.min(Math.max(search.k ?? 8, 1), 100);
	const collectionIds: string[] = [];
	for (const slug of search.collections ?? []) {
		const collection = await findCollectionBySlug(slug);
		if (!collection) throw new UnknownCollectionError(slug);
		collectionIds.push(collection.id);
	}
	const embedder = await getEmbedder();
	const query = search.query.trim();
	const vector = mode === 'keyword' || !query ? undefined : toStorageVector(await embedder.embedQuery(query));
	const keywords = mode === 'vector' || !query ? undefined : await toKeywordQuery(query);
	const hits = query
		? await searchChunks({
				mode,
				vector,
				embeddingModel: embedder.id,
				keywordQuery: keywords?.query,
				keywordWeights: keywords?.weights,
				collectionIds,
				k
			})
		: [];
	return {
		query: search.query,
		mode,
		tookMs: Math.round((performance.now() - started) * 10) / 10,
		results: hits.map((hit, i) => ({ ...hit, rank: i + 1 }))
	};
}
