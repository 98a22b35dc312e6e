import { spawnSync } from 'node:child_process';
import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmbedder } from './index';
import { createLocalEmbedder, LOCAL_EMBEDDER_ID, type LocalEmbedder } from './local';
import { WINK_CACHE_FILE } from './wink-cache';

// Shared across test files and runs: converting the 300 MB package file takes a few seconds, once.
const CACHE_DIR = path.join(os.tmpdir(), 'nca-wink-cache');
let embedder: LocalEmbedder;

beforeAll(async () => {
	embedder = await createLocalEmbedder(CACHE_DIR);
	console.info('[local embedder] load in test process', embedder.loadInfo);
}, 180_000);

const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const similarity = async (a: string, b: string) => cos(await embedder.embedQuery(a), await embedder.embedQuery(b));

describe('local embedder', () => {
	it('identifies itself and returns 100-dimensional unit vectors', async () => {
		expect(embedder.id).toBe(LOCAL_EMBEDDER_ID);
		expect(embedder.dimensions).toBe(100);
		const [v] = await embedder.embedDocuments(['Flu vaccination clinics open in October']);
		expect(v).toHaveLength(100);
		expect(Math.hypot(...v)).toBeCloseTo(1, 9);
	});

	it.each([
		['medicine for a headache', 'tablets for pain', 'football match results'],
		['how to book a GP appointment', 'making an appointment with your doctor', 'annual report on hospital finances'],
		['flu vaccination for children', 'immunisation programme for kids', 'car parking charges at the hospital'],
		['stop smoking support', 'help to quit cigarettes', 'staff pension scheme changes']
	])('ranks "%s" closer to "%s" than to "%s"', async (query, related, unrelated) => {
		expect(await similarity(query, related)).toBeGreaterThan((await similarity(query, unrelated)) + 0.2);
	});

	it('is deterministic, and a query and a document of the same text agree', async () => {
		const text = "Patients with sepsis need urgent treatment; don't wait.";
		const [doc] = await embedder.embedDocuments([text]);
		expect(await embedder.embedQuery(text)).toEqual(doc);
		expect(await embedder.embedQuery(text)).toEqual(await embedder.embedQuery(text));
	});

	it('matches unknown terms, numbers and British spellings with the same term elsewhere', async () => {
		expect(await similarity('zorblaxin', 'leaflet about zorblaxin for patients')).toBeGreaterThan(
			(await similarity('zorblaxin', 'leaflet about ibuprofen for patients')) + 0.3
		);
		expect(await similarity('BAME', 'the BAME staff network')).toBeGreaterThan(
			(await similarity('BAME', 'the LGBT staff network')) + 0.3
		);
		expect(await similarity('NHS 111 online', 'call 111 for advice')).toBeGreaterThan(
			await similarity('NHS 111 online', 'call 999 for advice')
		);
		expect(await similarity('haemorrhoids', 'treatment for hemorrhoids')).toBeGreaterThan(
			(await similarity('haemorrhoids', 'treatment for headaches')) + 0.2
		);
	});

	it('gives text without words a fixed unit vector, never a zero vector (NaN in pgvector)', async () => {
		const vectors = await embedder.embedDocuments(['', '   ', '!!! ---', 'the and of it']);
		for (const v of vectors) {
			expect(v).toEqual(embedder.emptyTextVector);
			expect(Math.hypot(...v)).toBeCloseTo(1, 6);
		}
		expect(Math.abs(await similarity('', 'Flu vaccination clinics open in October'))).toBeLessThan(0.5);
	});

	it('embeds 1,000 chunks of 300 tokens in well under a second', async () => {
		const words = 'patients contact their GP practice symptoms persist weeks NHS vaccination 111 self-care BAME'.split(
			' '
		);
		const texts = Array.from({ length: 1000 }, (_, i) =>
			Array.from({ length: 300 }, (_, j) => words[(i * 7 + j * 13) % words.length]).join(' ')
		);
		const started = performance.now();
		const vectors = await embedder.embedDocuments(texts);
		const ms = performance.now() - started;
		console.info(`[local embedder] 1,000 chunks × 300 tokens in ${ms.toFixed(0)} ms`);
		expect(vectors).toHaveLength(1000);
		// Speed is measured by `scripts/bench-embedder.ts`, not asserted in a test that shares the CPU.
	});

	it('is what createEmbedder returns for provider local, loaded once per process', async () => {
		expect(await createEmbedder({ provider: 'local', cacheDir: CACHE_DIR })).toBe(embedder);
	});

	it('reuses the cache in a fresh process (no conversion) and adds under 300 MB', async () => {
		const file = path.join(CACHE_DIR, WINK_CACHE_FILE);
		const before = (await stat(file)).mtimeMs;
		const script = path.resolve('scripts/bench-embedder.ts');
		const args = ['--import', 'tsx', script, '--warm', '--json', '--cache-dir', CACHE_DIR, '--chunks', '0'];
		const child = spawnSync(process.execPath, args, { encoding: 'utf8' });
		expect(child.status, child.stderr).toBe(0);
		const figures = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
			converted: boolean;
			loadMs: number;
			rssAddedMb: number;
		};
		console.info(
			`[local embedder] warm load ${figures.loadMs.toFixed(0)} ms, RSS +${figures.rssAddedMb.toFixed(0)} MB`
		);
		// Load time is a benchmark figure (`bench-embedder --warm`), printed above, not asserted here.
		expect(figures.converted).toBe(false);
		expect(figures.rssAddedMb).toBeLessThan(300);
		expect((await stat(file)).mtimeMs).toBe(before);
	}, 30_000);
});
