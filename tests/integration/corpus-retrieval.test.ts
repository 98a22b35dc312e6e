import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateDocumentDetails } from '$lib/server/db/queries/corpus';
import { ensureCollection } from '$lib/server/ingestion/collections';
import { ingestFile } from '$lib/server/ingestion/pipeline';
import { seedSampleCorpusIfEmpty } from '$lib/server/ingestion/seed';
import { useEmbedder } from '$lib/server/llm/current-embedder';
import type { Embedder } from '$lib/server/llm/embeddings';
import { searchGuidance, searchModes, UnknownCollectionError, type SearchMode } from '$lib/server/retrieval/search';
import { fakeEmbedder, localEmbedder, textFile } from '../helpers/corpus';
import { setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let local: Embedder;

beforeAll(async () => {
	testDb = await setupTestDatabase();
	local = await localEmbedder();
	useEmbedder(local);
	// vitest runs from the repository root, where corpus/sample lives.
	const loaded = await seedSampleCorpusIfEmpty();
	expect(loaded.length).toBeGreaterThanOrEqual(20);
	expect(loaded.filter((r) => !r.ok)).toEqual([]);
});

afterAll(async () => {
	await testDb?.teardown();
});

/** Questions worded differently from the guidance that answers them (from corpus/eval). */
const questions = [
	{
		question: 'how much breathing room should be left around the logo',
		document: 'logo-use-and-permissions',
		contains: 'equal to the height of the lozenge'
	},
	{
		question: 'how can I tell if my draft sounds too stiff',
		document: 'tone-of-voice',
		contains: 'read your draft aloud'
	},
	{
		question: 'should I put 12pm or something else for lunchtime',
		document: 'numbers-dates-and-times',
		contains: 'Write "midday" and "midnight".'
	},
	{
		question: 'what is the everyday phrase for nausea',
		document: 'a-to-z-health-words-part-1',
		contains: 'Write "feeling sick", not "nausea".'
	}
];

function rankOf(results: { documentSlug: string; text: string }[], expected: { document: string; contains: string }) {
	return results.findIndex((r) => r.documentSlug === expected.document && r.text.includes(expected.contains)) + 1;
}

describe('finding the passage that answers a question', () => {
	it.each(questions)('hybrid search puts the answer first: $question', async (q) => {
		const { results } = await searchGuidance({ query: q.question });
		expect(rankOf(results, q)).toBe(1);
	});

	it.each(questions)('vector and keyword search each find the answer in their top 3: $question', async (q) => {
		for (const mode of ['vector', 'keyword'] as const) {
			const { results } = await searchGuidance({ query: q.question, mode, k: 3 });
			expect({ mode, rank: rankOf(results, q) }).toEqual({ mode, rank: expect.toBeOneOf([1, 2, 3]) });
		}
	});

	it('vector search finds an answer that shares no telling word with the question', async () => {
		const question = 'who is to blame if an AI-written post has a mistake in it';

		const { results } = await searchGuidance({ query: question, mode: 'vector', k: 3 });

		expect(results[0].documentSlug).toBe('nhs-comms-ai-ethics-principles');
		expect(results[0].text).toContain('A named person remains accountable');
		expect(results[0].text).not.toMatch(/blame|mistake/i);
	});

	it('says which method found each result', async () => {
		const { query, contains } = { query: questions[0].question, contains: questions[0].contains };
		const byMode = Object.fromEntries(
			await Promise.all(searchModes.map(async (mode) => [mode, (await searchGuidance({ query, mode })).results]))
		) as Record<SearchMode, Awaited<ReturnType<typeof searchGuidance>>['results']>;

		expect(byMode.vector.every((r) => r.vectorRank !== null && r.keywordRank === null)).toBe(true);
		expect(byMode.keyword.every((r) => r.keywordRank !== null && r.vectorRank === null)).toBe(true);
		const answer = byMode.hybrid.find((r) => r.text.includes(contains));
		expect(answer?.vectorRank).toBeGreaterThanOrEqual(1);
		expect(answer?.keywordRank).toBeGreaterThanOrEqual(1);
	});
});

describe('search results', () => {
	it('carry what a drafter needs to cite the guidance, best first', async () => {
		const search = await searchGuidance({ query: questions[0].question, k: 5 });

		expect(search).toMatchObject({ query: questions[0].question, mode: 'hybrid' });
		expect(search.tookMs).toBeGreaterThanOrEqual(0);
		expect(search.results).toHaveLength(5);
		expect(search.results.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
		const scores = search.results.map((r) => r.score);
		expect(scores).toEqual([...scores].sort((a, b) => b - a));
		expect(search.results[0]).toMatchObject({
			documentTitle: 'Using the NHS logo and getting permission',
			documentSlug: 'logo-use-and-permissions',
			heading: 'Using the NHS logo and getting permission › Rules for using the logo › Clear space',
			collection: 'nhs-brand',
			collectionName: 'NHS brand',
			version: 1,
			sourceUrl: 'https://www.england.nhs.uk/nhsidentity/',
			text: expect.stringContaining('equal to the height of the lozenge')
		});
		expect(search.results[0].score).toBeGreaterThan(0);
		for (const r of search.results) {
			expect(r.chunkId).toMatch(/^[0-9a-f-]{36}$/);
			expect(r.documentId).toMatch(/^[0-9a-f-]{36}$/);
		}
	});

	it('returns at most k results', async () => {
		for (const k of [1, 3, 12]) {
			for (const mode of searchModes) {
				const { results } = await searchGuidance({ query: 'NHS logo colours', mode, k });
				expect(results).toHaveLength(k);
			}
		}
	});

	it('returns nothing for an empty question or one of only common little words', async () => {
		expect((await searchGuidance({ query: '   ' })).results).toEqual([]);
		expect((await searchGuidance({ query: 'the and of', mode: 'keyword' })).results).toEqual([]);
	});
});

describe('collections', () => {
	const query = 'what hex code is the main NHS blue';

	it('searches every collection when none is chosen', async () => {
		const { results } = await searchGuidance({ query, k: 3 });
		expect(results[0]).toMatchObject({ collection: 'nhs-brand', documentSlug: 'colours' });
	});

	it('returns only passages from the chosen collections, in every mode', async () => {
		for (const mode of searchModes) {
			const one = await searchGuidance({ query, mode, k: 10, collections: ['accessibility'] });
			expect(one.results.length).toBeGreaterThan(0);
			expect(new Set(one.results.map((r) => r.collection))).toEqual(new Set(['accessibility']));

			const two = await searchGuidance({ query, mode, k: 20, collections: ['accessibility', 'tone-and-style'] });
			expect(two.results.every((r) => ['accessibility', 'tone-and-style'].includes(r.collection))).toBe(true);
		}
	});

	it('refuses a collection that does not exist, naming it', async () => {
		const search = searchGuidance({ query, collections: ['nhs-brand', 'no-such-collection'] });

		await expect(search).rejects.toBeInstanceOf(UnknownCollectionError);
		await expect(search).rejects.toThrow('There is no collection with the slug "no-such-collection"');
	});
});

describe('passages embedded by another model', () => {
	let documentId: string;
	const query = 'where can staff store a bicycle securely';

	beforeAll(async () => {
		const other = fakeEmbedder('test:another-model');
		useEmbedder(other);
		try {
			const collection = await ensureCollection('other-model');
			const result = await ingestFile({
				bytes: textFile('# Cycling to work\n\nSecure bicycle storage is next to the staff canteen.\n'),
				fileName: 'cycling.md',
				collectionId: collection.id,
				actorId: null
			});
			if (!result.ok) throw new Error(result.message);
			documentId = result.documentId;
		} finally {
			useEmbedder(local);
		}
	});

	it('are never compared with vectors of the current model', async () => {
		const filtered = await searchGuidance({ query, mode: 'vector', collections: ['other-model'] });
		expect(filtered.results).toEqual([]);

		const everywhere = await searchGuidance({ query, mode: 'vector', k: 100 });
		expect(everywhere.results.length).toBeGreaterThan(0);
		expect(everywhere.results.some((r) => r.documentId === documentId)).toBe(false);
	});

	it('are still found by keyword, and by hybrid search through its keyword half', async () => {
		const keyword = await searchGuidance({ query, mode: 'keyword', collections: ['other-model'] });
		expect(keyword.results.map((r) => r.documentId)).toEqual([documentId]);

		const hybrid = await searchGuidance({ query, collections: ['other-model'] });
		expect(hybrid.results).toHaveLength(1);
		expect(hybrid.results[0]).toMatchObject({ documentId, vectorRank: null, keywordRank: 1 });
	});
});

describe('document titles', () => {
	let documentId: string;

	beforeAll(async () => {
		const collection = await ensureCollection('titles');
		const result = await ingestFile({
			bytes: textFile('Keep the landing area clear of vehicles and people when the air ambulance is due.\n'),
			fileName: 'landing.txt',
			title: 'Helipad safety',
			collectionId: collection.id,
			actorId: null
		});
		if (!result.ok) throw new Error(result.message);
		documentId = result.documentId;
	});

	it('find a passage by a word only its document title has', async () => {
		for (const mode of ['keyword', 'hybrid'] as const) {
			const { results } = await searchGuidance({ query: 'helipad', mode, collections: ['titles'] });
			expect({ mode, ids: results.map((r) => r.documentId) }).toEqual({ mode, ids: [documentId] });
			expect(results[0].text).not.toMatch(/helipad/i);
		}
	});

	it('are searched under their new wording once an admin renames the document', async () => {
		await updateDocumentDetails(documentId, {
			title: 'Rooftop landing site',
			sourceUrl: null,
			owner: '',
			reviewBy: null
		});

		const old = await searchGuidance({ query: 'helipad', mode: 'keyword', collections: ['titles'] });
		const renamed = await searchGuidance({ query: 'rooftop', mode: 'keyword', collections: ['titles'] });
		expect(old.results).toEqual([]);
		expect(renamed.results.map((r) => r.documentId)).toEqual([documentId]);
	});
});
