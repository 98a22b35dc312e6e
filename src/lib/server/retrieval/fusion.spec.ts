import { describe, expect, it } from 'vitest';
import type { ChunkCandidate } from '../db/queries/retrieval';
import { normalise, rankCandidates } from './fusion';

function candidate(
	id: string,
	similarity: number | null,
	keywordScore: number | null,
	ranks: { v?: number; k?: number } = {},
	place: { slug?: string; position?: number } = {}
): ChunkCandidate {
	return {
		chunkId: id,
		documentId: `doc-${id}`,
		documentTitle: 'T',
		documentSlug: place.slug ?? 'doc',
		heading: '',
		collection: 'c',
		collectionName: 'C',
		version: 1,
		sourceUrl: null,
		text: id,
		position: place.position ?? 0,
		similarity,
		keywordScore,
		vectorRank: ranks.v ?? null,
		keywordRank: ranks.k ?? null
	};
}

describe('normalise', () => {
	it('rescales to 0..1 (min-max) or to standard deviations (z-score)', () => {
		expect(normalise([2, 4, 6], 'minmax')).toEqual([0, 0.5, 1]);
		expect(normalise([5, 5], 'minmax')).toEqual([1, 1]);
		const z = normalise([1, 2, 3], 'zscore');
		expect(z[1]).toBe(0);
		expect(z[2]).toBeCloseTo(1.2247, 3);
		expect(normalise([7], 'zscore')).toEqual([0]);
		expect(normalise([], 'minmax')).toEqual([]);
	});
});

describe('rankCandidates', () => {
	// Keyword: a far ahead of b and c. Vector: c slightly ahead of b, b slightly ahead of a.
	const candidates = [
		candidate('a', 0.5, 20, { v: 3, k: 1 }),
		candidate('b', 0.52, 2, { v: 2, k: 2 }),
		candidate('c', 0.54, 1.9, { v: 1, k: 3 })
	];

	it('keeps a clear keyword lead that rank fusion throws away', () => {
		// a is far ahead on keywords but only tenth by vector; b is first by vector, a close second on keywords.
		const spread = [candidate('a', 0.5, 20, { v: 10, k: 1 }), candidate('b', 0.54, 2, { v: 1, k: 2 })];
		const rrf = rankCandidates(spread, 'hybrid', 2, { method: 'rrf', vector: 1, keyword: 1 });
		expect(rrf[0].chunkId).toBe('b');
		for (const method of ['minmax', 'zscore'] as const) {
			const fused = rankCandidates(spread, 'hybrid', 2, { method, vector: 0.7, keyword: 1 });
			expect(fused[0].chunkId).toBe('a');
		}
	});

	it('lets the vector half decide between near keyword ties', () => {
		const fused = rankCandidates(candidates, 'hybrid', 3, { method: 'minmax', vector: 1, keyword: 1 });
		expect(fused.map((h) => h.chunkId)).toEqual(['a', 'c', 'b']);
	});

	it('never ranks a passage missing from a half above one present with the same other score', () => {
		const fused = rankCandidates(
			[candidate('only-kw', null, 5, { k: 1 }), candidate('both', 0.1, 5, { v: 2, k: 2 }), candidate('v', 0.9, null)],
			'hybrid',
			3,
			{ method: 'zscore', vector: 1, keyword: 1 }
		);
		expect(fused.findIndex((h) => h.chunkId === 'both')).toBeLessThanOrEqual(
			fused.findIndex((h) => h.chunkId === 'only-kw')
		);
	});

	it('uses one half alone in single modes, cut to k, scores kept', () => {
		expect(rankCandidates(candidates, 'vector', 2).map((h) => [h.chunkId, h.score])).toEqual([
			['c', 0.54],
			['b', 0.52]
		]);
		expect(rankCandidates(candidates, 'keyword', 1).map((h) => h.chunkId)).toEqual(['a']);
		expect(rankCandidates([], 'hybrid', 5)).toEqual([]);
	});

	it('orders equal scores by document and position, not by random ids', () => {
		const tied = [
			candidate('z', null, 1, {}, { slug: 'b', position: 0 }),
			candidate('y', null, 1, {}, { slug: 'a', position: 2 }),
			candidate('x', null, 1, {}, { slug: 'a', position: 1 })
		];
		expect(rankCandidates(tied, 'keyword', 3).map((h) => h.chunkId)).toEqual(['x', 'y', 'z']);
	});

	it('returns hits without the internal fields', () => {
		const [hit] = rankCandidates(candidates, 'keyword', 1);
		expect(hit).not.toHaveProperty('similarity');
		expect(hit).not.toHaveProperty('position');
		expect(hit.score).toBe(20);
	});
});
