/**
 * What makes a grounded answer start quickly without changing what it finds: query vectors and word
 * stems are remembered (a repeated question is not embedded again; only new words reach the
 * database), and on a small library the exact vector search returns what the HNSW index does.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as retrievalQueries from '$lib/server/db/queries/retrieval';
import { seedSampleCorpusIfEmpty } from '$lib/server/ingestion/seed';
import { useEmbedder } from '$lib/server/llm/current-embedder';
import type { Embedder } from '$lib/server/llm/embeddings';
import { toStorageVector } from '$lib/server/llm/embeddings/storage';
import { searchablePassageCount, toKeywordQuery } from '$lib/server/retrieval/keywords';
import { clearQueryVectorCache, EXACT_SEARCH_MAX_PASSAGES, searchGuidance } from '$lib/server/retrieval/search';
import { localEmbedder } from '../helpers/corpus';
import { setupTestDatabase, type TestDatabase } from '../helpers/test-db';
import { rankCandidates } from '$lib/server/retrieval/fusion';

let testDb: TestDatabase;
let local: Embedder;

beforeAll(async () => {
	testDb = await setupTestDatabase();
	local = await localEmbedder();
	useEmbedder(local);
	const loaded = await seedSampleCorpusIfEmpty();
	expect(loaded.filter((r) => !r.ok)).toEqual([]);
});

afterEach(() => {
	vi.restoreAllMocks();
	useEmbedder(local);
	clearQueryVectorCache();
});

afterAll(async () => {
	await testDb?.teardown();
});

/** The local model, counting the questions it embeds. */
function countingEmbedder(): Embedder & { queries: string[] } {
	const queries: string[] = [];
	return {
		id: local.id,
		dimensions: local.dimensions,
		queries,
		embedDocuments: (texts) => local.embedDocuments(texts),
		embedQuery: (text) => {
			queries.push(text);
			return local.embedQuery(text);
		}
	};
}

describe('query vectors', () => {
	it('embeds a repeated question once, including questions arriving together, with the same results', async () => {
		const embedder = countingEmbedder();
		useEmbedder(embedder);
		const question = 'should I put 12pm or something else for lunchtime';

		const [first, second] = await Promise.all([
			searchGuidance({ query: question, k: 6 }),
			searchGuidance({ query: question, k: 6 })
		]);
		const third = await searchGuidance({ query: `  ${question} `, k: 6 });
		await searchGuidance({ query: 'how can I tell if my draft sounds too stiff', k: 6 });

		expect(embedder.queries).toEqual([question, 'how can I tell if my draft sounds too stiff']);
		const ids = (r: typeof first) => r.results.map((x) => x.chunkId);
		expect(ids(second)).toEqual(ids(first));
		expect(ids(third)).toEqual(ids(first));
		expect(first.results[0].text).toContain('Write "midday" and "midnight".');
	});

	it('forgets a failed embedding, so the next try asks the model again', async () => {
		const embedder = countingEmbedder();
		let fail = true;
		useEmbedder({
			...embedder,
			embedQuery: async (text) => {
				if (fail) throw new Error('embedding service unavailable');
				return embedder.embedQuery(text);
			}
		});
		await expect(searchGuidance({ query: 'a question that fails once' })).rejects.toThrow('unavailable');
		fail = false;
		await searchGuidance({ query: 'a question that fails once' });
		expect(embedder.queries).toEqual(['a question that fails once']);
	});

	it('keeps the vectors of different models apart', async () => {
		const a = countingEmbedder();
		useEmbedder(a);
		await searchGuidance({ query: 'logo clear space', mode: 'vector' });
		const b = { ...countingEmbedder(), id: 'another:model' };
		useEmbedder(b);
		const other = await searchGuidance({ query: 'logo clear space', mode: 'vector' });
		expect(b.queries).toEqual(['logo clear space']);
		// No passage has vectors of that model, so nothing is found (and nothing of model a is reused).
		expect(other.results).toEqual([]);
	});
});

describe('word stems', () => {
	it('asks the database only about words it has not seen', async () => {
		const lookups = vi.spyOn(retrievalQueries, 'lexemesOfWords');
		const first = await toKeywordQuery('how should we describe vaccination appointments');
		const again = await toKeywordQuery('how should we describe vaccination appointments');
		await toKeywordQuery('describe vaccination reminders');

		expect(again).toEqual(first);
		expect(first.query).toContain('vaccination');
		const asked = lookups.mock.calls.map((c) => c[0]);
		expect(asked.length).toBe(2);
		expect(asked[1]).toEqual(['reminders']);
	});
});

describe('exact vector search on a small library', () => {
	it('is used for the sample library and finds what the HNSW index finds', async () => {
		const passages = await searchablePassageCount();
		expect(passages).toBeGreaterThan(50);
		expect(passages).toBeLessThanOrEqual(EXACT_SEARCH_MAX_PASSAGES);
		const searches = vi.spyOn(retrievalQueries, 'searchChunks');

		for (const question of [
			'how much breathing room should be left around the logo',
			'what is the everyday phrase for nausea',
			'how do I write dates and times in a press release'
		]) {
			const vector = toStorageVector(await local.embedQuery(question));
			const common = { vector, embeddingModel: local.id, k: 10 } as const;
			const exact = rankCandidates(
				await retrievalQueries.searchChunks({ ...common, mode: 'vector', exact: true }),
				'vector',
				10
			);
			const indexed = rankCandidates(await retrievalQueries.searchChunks({ ...common, mode: 'vector' }), 'vector', 10);
			expect(exact.map((r) => r.chunkId)).toEqual(indexed.map((r) => r.chunkId));
			expect(exact.map((r) => r.score)).toEqual([...exact.map((r) => r.score)].sort((a, b) => b - a));
		}
		await searchGuidance({ query: 'logo clear space', k: 3 });
		expect(searches.mock.calls.at(-1)?.[0]).toMatchObject({ exact: true, mode: 'hybrid', k: 3 });
	});
});
