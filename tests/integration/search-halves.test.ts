import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchChunks, type ChunkCandidate, type ChunkSearch } from '$lib/server/db/queries/retrieval';
import { seedSampleCorpusIfEmpty } from '$lib/server/ingestion/seed';
import { useEmbedder } from '$lib/server/llm/current-embedder';
import type { Embedder } from '$lib/server/llm/embeddings';
import { toStorageVector } from '$lib/server/llm/embeddings/storage';
import { toKeywordQuery } from '$lib/server/retrieval/keywords';
import { localEmbedder } from '../helpers/corpus';
import { setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let local: Embedder;

beforeAll(async () => {
	testDb = await setupTestDatabase();
	local = await localEmbedder();
	useEmbedder(local);
	const loaded = await seedSampleCorpusIfEmpty();
	expect(loaded.filter((r) => !r.ok)).toEqual([]);
});

afterAll(async () => {
	await testDb?.teardown();
});

const byId = (rows: ChunkCandidate[]) => new Map(rows.map((r) => [r.chunkId, r]));

// The index path (exact: false) is the one a library of over 500 passages takes; on PostgreSQL its hybrid
// search runs the two halves as separate statements at the same time and joins their candidates itself.
describe.each([true, false])('hybrid candidates (exact search: %s)', (exact) => {
	it.each([
		'how much space should be left around the logo',
		'what is the everyday phrase for nausea',
		'should I put 12pm or something else for lunchtime'
	])('are each half’s candidates, with that half’s scores and ranks: %s', async (question) => {
		const keywords = await toKeywordQuery(question);
		const search: ChunkSearch = {
			mode: 'hybrid',
			vector: toStorageVector(await local.embedQuery(question)),
			embeddingModel: local.id,
			keywordQuery: keywords.query,
			keywordWeights: keywords.weights,
			k: 8,
			exact
		};
		const hybrid = await searchChunks(search);
		const vector = byId(await searchChunks({ ...search, mode: 'vector' }));
		const keyword = byId(await searchChunks({ ...search, mode: 'keyword' }));
		expect(vector.size).toBe(40);
		expect(keyword.size).toBeGreaterThan(0);

		// Every passage once, found by either half, and nothing else.
		expect(new Set(hybrid.map((c) => c.chunkId)).size).toBe(hybrid.length);
		expect(new Set(hybrid.map((c) => c.chunkId))).toEqual(new Set([...vector.keys(), ...keyword.keys()]));
		for (const c of hybrid) {
			const v = vector.get(c.chunkId);
			const kw = keyword.get(c.chunkId);
			expect({ id: c.chunkId, similarity: c.similarity, vectorRank: c.vectorRank }).toEqual({
				id: c.chunkId,
				similarity: v?.similarity ?? null,
				vectorRank: v?.vectorRank ?? null
			});
			expect({ id: c.chunkId, keywordScore: c.keywordScore, keywordRank: c.keywordRank }).toEqual({
				id: c.chunkId,
				keywordScore: kw?.keywordScore ?? null,
				keywordRank: kw?.keywordRank ?? null
			});
			// What a drafter needs to cite the passage comes with it, whichever half found it.
			expect(c.documentSlug).toBe((v ?? kw)!.documentSlug);
			expect(c.text).toBe((v ?? kw)!.text);
			expect(c.documentTitle).toBeTruthy();
		}
	});
});
