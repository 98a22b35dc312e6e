import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, TransactionRollbackError } from 'drizzle-orm';
import { getDb } from '$lib/server/db';
import { rowsOf } from '$lib/server/db/queries/rows';
import { indexedNearest, searchChunks, type ChunkCandidate, type ChunkSearch } from '$lib/server/db/queries/retrieval';
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

// Migration 0018: the built-in model's vectors have an HNSW index of their own over their 100 real
// dimensions, every other model's the 1,024-wide one. A partial index is used only when the query's own
// conditions match it, so the vector half must be written to match each (a mistake here would leave
// large libraries scanning every passage, which the small sample library would never show).
describe('the vector half walks the index for its model', () => {
	/** The plan for the vector half, with half the passages given to `embeddingModel`; rolled back after. */
	async function plan(embeddingModel: string): Promise<string> {
		const db = await getDb();
		const vector = toStorageVector(await local.embedQuery('logo clear space'));
		let shown = '';
		await db
			.transaction(async (tx) => {
				await tx.execute(sql`update chunks set embedding_model = ${embeddingModel} where position % 2 = 0`);
				await tx.execute(sql`analyze chunks`);
				// The sample library is small enough for reading the model's passages and sorting them to be
				// cheaper than the graph: rule those plans out to see which index PostgreSQL can match.
				for (const plan of ['enable_seqscan', 'enable_bitmapscan', 'enable_sort'])
					await tx.execute(sql`select set_config(${plan}, 'off', true)`);
				const rows = rowsOf<Record<string, string>>(
					await tx.execute(sql`explain ${indexedNearest({ vector, embeddingModel }, 40)}`)
				);
				shown = rows.map((r) => Object.values(r)[0]).join('\n');
				tx.rollback();
			})
			.catch((e: unknown) => {
				if (!(e instanceof TransactionRollbackError)) throw e;
			});
		return shown;
	}

	it('the built-in model uses its own 100-dimension index', async () => {
		const shown = await plan(local.id);
		expect(shown).toContain('chunks_embedding_local_hnsw_idx');
		expect(shown).toContain('subvector');
	});

	it('any other model uses the index over the whole column', async () => {
		const shown = await plan('openai:text-embedding-3-small:1024');
		expect(shown).toMatch(/chunks_embedding_hnsw_idx/);
		expect(shown).not.toContain('chunks_embedding_local_hnsw_idx');
	});

	it('finds what an exact comparison of every passage finds', async () => {
		const question = 'how much space should be left around the logo';
		const vector = toStorageVector(await local.embedQuery(question));
		const base: ChunkSearch = { mode: 'vector', vector, embeddingModel: local.id, k: 8 };
		const viaIndex = await searchChunks({ ...base, exact: false });
		const exact = await searchChunks({ ...base, exact: true });
		const top = (rows: ChunkCandidate[]) => [...rows].sort((a, b) => a.vectorRank! - b.vectorRank!).slice(0, 10);
		expect(top(viaIndex).map((r) => r.chunkId)).toEqual(top(exact).map((r) => r.chunkId));
		for (const [i, r] of top(viaIndex).entries()) expect(r.similarity).toBeCloseTo(top(exact)[i].similarity!, 5);
	});
});

describe.each([true, false])('keyword search without a query vector (exact search: %s)', (exact) => {
	it('needs no vector and finds the passages', async () => {
		const keywords = await toKeywordQuery('logo clear space');
		const rows = await searchChunks({
			mode: 'keyword',
			embeddingModel: local.id,
			keywordQuery: keywords.query,
			keywordWeights: keywords.weights,
			k: 8,
			exact
		});
		expect(rows.length).toBeGreaterThan(0);
		expect(rows.every((r) => r.keywordRank !== null && r.vectorRank === null)).toBe(true);
	});
});

// The keyword half adds the proximity rank only to its shortlist of passages by stem score.
describe('the keyword shortlist', () => {
	const search = async (question: string, keywordShortlist: number): Promise<ChunkCandidate[]> => {
		const keywords = await toKeywordQuery(question);
		return searchChunks({
			mode: 'keyword',
			embeddingModel: local.id,
			keywordQuery: keywords.query,
			keywordWeights: keywords.weights,
			k: 8,
			keywordShortlist
		});
	};
	const ranked = (rows: ChunkCandidate[]) =>
		[...rows].sort((a, b) => Number(a.keywordRank) - Number(b.keywordRank)).map((r) => [r.chunkId, r.keywordScore]);

	it.each(['how much space should be left around the logo', 'the NHS blue and white colours'])(
		'changes nothing when it holds every match, and never keeps fewer than the candidates: %s',
		async (question) => {
			const everything = await search(question, 0);
			expect(everything.length).toBeGreaterThan(3);
			expect(ranked(await search(question, 10_000))).toEqual(ranked(everything));
			// A shortlist below the 40 candidates wanted is raised to them: as many passages, each scored in
			// full (proximity included).
			const one = await search(question, 1);
			expect(one).toHaveLength(everything.length);
			const full = new Map(everything.map((r) => [r.chunkId, r.keywordScore]));
			for (const r of one) expect(r.keywordScore).toBe(full.get(r.chunkId));
		}
	);
});
