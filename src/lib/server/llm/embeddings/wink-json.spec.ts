import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanWinkJson, type WinkHeader } from './wink-json';
import { buildWinkCache, loadWinkVectors, readWinkCache, WINK_CACHE_FILE } from './wink-cache';

// The package's layout in miniature: 3 dimensions, [v1, v2, v3, l2norm, rank], awkward words and number forms.
const SAMPLE = `{"precision":8,"l2NormIndex":3,"wordIndex":4,"size":5,"dimensions":3,
  "words":["the","\\"","café","vectors","naïve"],
  "vectors":{"the":[0.5,-1.25,2,2.4,0],
   "\\"": [ -3e-2 , 4E+1, 0.000001 ,40.01, 1 ],
   "café":[1,2,3,3.74,2],"vectors":[-0.1,-0.2,-0.3,0.37,3],
   "naïve":[7,0,0,7,4]},
  "unkVector":[0,0,0,0,-1]}`;

const EXPECTED: [string, number[], number][] = [
	['the', [0.5, -1.25, 2], 0],
	['"', [-0.03, 40, 0.000001], 1],
	['café', [1, 2, 3], 2],
	['vectors', [-0.1, -0.2, -0.3], 3],
	['naïve', [7, 0, 0], 4]
];

let dir: string;
let sample: string;

beforeAll(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'nca-wink-json-'));
	sample = path.join(dir, 'sample.json');
	await writeFile(sample, SAMPLE);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function scan(file: string, chunkSize?: number) {
	let header: WinkHeader | undefined;
	const entries: [string, number[], number][] = [];
	const count = await scanWinkJson(
		file,
		(h) => (header = h),
		(word, values, rank) => entries.push([word, Array.from(values.subarray(0, 3)), rank]),
		chunkSize
	);
	return { header, entries, count };
}

describe('scanWinkJson', () => {
	it.each([1, 2, 7, 64, 1 << 20])('reads every entry exactly with %i-byte chunks', async (chunkSize) => {
		const { header, entries, count } = await scan(sample, chunkSize);
		expect(header).toEqual({ size: 5, dimensions: 3, l2NormIndex: 3, wordIndex: 4 });
		expect(count).toBe(5);
		expect(entries).toEqual(EXPECTED);
	});

	it('reports a truncated file instead of returning part of it', async () => {
		const file = path.join(dir, 'truncated.json');
		await writeFile(file, SAMPLE.slice(0, SAMPLE.indexOf('"naïve":[7')));
		await expect(scan(file)).rejects.toThrow(/ended before the vectors object was complete/);
	});

	it('reports malformed entries with their position', async () => {
		const file = path.join(dir, 'bad.json');
		await writeFile(file, SAMPLE.replace('[1,2,3,3.74,2]', '[1,2,3,3.74]'));
		await expect(scan(file)).rejects.toThrow(/4 numbers for "café", expected 5 at byte \d+/);
	});
});

describe('wink binary cache', () => {
	it('round-trips normalised vectors and the vocabulary', async () => {
		const file = path.join(dir, 'cache', WINK_CACHE_FILE);
		const size = (await stat(sample)).size;
		await buildWinkCache(sample, file, size);
		const cache = await readWinkCache(file, size);
		expect(cache).not.toBeNull();
		expect([...cache!.rows.entries()]).toEqual(EXPECTED.map(([w, , rank]) => [w, rank]));
		for (const [, values, rank] of EXPECTED) {
			const norm = Math.hypot(...values);
			const row = Array.from(cache!.vectors.subarray(rank * 3, rank * 3 + 3), (q) => q * cache!.scales[rank]);
			row.forEach((x, d) => expect(x).toBeCloseTo(values[d] / norm, 2));
		}
	});

	it('treats a cache built from a different source file, or damaged, as absent', async () => {
		const file = path.join(dir, 'cache', WINK_CACHE_FILE);
		const size = (await stat(sample)).size;
		expect(await readWinkCache(file, size + 1)).toBeNull();
		const damaged = path.join(dir, 'damaged.bin');
		const whole = await readFile(file);
		await writeFile(damaged, whole.subarray(0, whole.length - 1));
		expect(await readWinkCache(damaged)).toBeNull();
		expect(await readWinkCache(path.join(dir, 'nothing-here.bin'))).toBeNull();
	});

	it('converts once, then reuses the cache', async () => {
		const cacheDir = path.join(dir, 'reuse');
		const first = await loadWinkVectors(cacheDir, sample);
		const second = await loadWinkVectors(cacheDir, sample);
		expect(first.info.converted).toBe(true);
		expect(second.info.converted).toBe(false);
		expect(second.vectors.rows.get('naïve')).toBe(4);
	});

	it('explains a cache directory that cannot be written', async () => {
		await expect(loadWinkVectors(path.join(sample, 'not-a-dir'), sample)).rejects.toThrow(
			/Could not write the embedding cache .*data directory is writable/
		);
	});

	it('explains what to do when the package file is missing', async () => {
		await expect(loadWinkVectors(path.join(dir, 'none'), path.join(dir, 'missing.json'))).rejects.toThrow(
			/local embedding model is missing.*npm install.*EMBEDDINGS_PROVIDER/
		);
	});
});
