import { describe, expect, it } from 'vitest';
import { STORAGE_DIMENSIONS, toStorageVector } from './storage';

const cosine = (a: number[], b: number[]) => {
	let dot = 0;
	let na = 0;
	let nb = 0;
	for (let i = 0; i < a.length; i++) {
		dot += a[i] * b[i];
		na += a[i] * a[i];
		nb += b[i] * b[i];
	}
	return dot / Math.sqrt(na * nb);
};

describe('toStorageVector', () => {
	it('pads to the storage width without changing cosine similarity', () => {
		const pairs: [number[], number[]][] = [
			[
				[0.3, -1.2, 4, 0.01],
				[1, 2, 3, 4]
			],
			[Array.from({ length: 100 }, (_, i) => Math.sin(i)), Array.from({ length: 100 }, (_, i) => Math.cos(i / 3))],
			[Array.from({ length: 1024 }, (_, i) => (i % 7) - 3), Array.from({ length: 1024 }, (_, i) => (i % 5) - 2)]
		];
		for (const [a, b] of pairs) {
			const [pa, pb] = [toStorageVector(a), toStorageVector(b)];
			expect(pa).toHaveLength(STORAGE_DIMENSIONS);
			expect(pb).toHaveLength(STORAGE_DIMENSIONS);
			expect(cosine(pa, pb)).toBeCloseTo(cosine(a, b), 12);
			// Unit length, so inner product, cosine and L2 orderings agree.
			expect(Math.hypot(...pa)).toBeCloseTo(1, 12);
		}
	});

	it('keeps the original values (scaled) first and zeros after them', () => {
		const v = toStorageVector([3, 4]);
		expect(v.slice(0, 2)).toEqual([0.6, 0.8]);
		expect(v.slice(2).every((x) => x === 0)).toBe(true);
	});

	it('rejects vectors longer than storage holds, naming the limit', () => {
		expect(() => toStorageVector(new Array(1536).fill(1))).toThrow(/1536 dimensions.*at most 1024/);
	});

	it('rejects zero and non-finite vectors, whose cosine distance would be NaN', () => {
		expect(() => toStorageVector(new Array(100).fill(0))).toThrow(/NaN/);
		expect(() => toStorageVector([1, Number.NaN])).toThrow(/NaN/);
	});
});
