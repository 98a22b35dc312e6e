/**
 * Measures the local embedder: first load (JSON → binary cache conversion), warm load time and memory in a
 * fresh process, and embedding throughput.
 *
 *   npx tsx scripts/bench-embedder.ts [--cache-dir DIR] [--chunks 2000]
 *
 * Without --cache-dir the conversion runs into a new temporary directory, so its cost is measured too.
 * `--warm --json` (used by the unit tests) only loads an existing cache and prints the figures as JSON.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLocalEmbedder } from '../src/lib/server/llm/embeddings/local';
import { loadWinkVectors } from '../src/lib/server/llm/embeddings/wink-cache';

type WarmFigures = { converted: boolean; loadMs: number; rssAddedMb: number; chunks: number; chunksPerSecond: number };

const MB = 1024 * 1024;
const { values: args } = parseArgs({
	options: {
		'cache-dir': { type: 'string' },
		chunks: { type: 'string', default: '2000' },
		warm: { type: 'boolean', default: false },
		json: { type: 'boolean', default: false }
	}
});
const chunkCount = Number(args.chunks);

if (args.warm) {
	if (!args['cache-dir']) throw new Error('--warm needs --cache-dir');
	const figures = await measureWarm(args['cache-dir'], chunkCount);
	console.log(args.json ? JSON.stringify(figures) : figures);
} else {
	await main();
}

async function main(): Promise<void> {
	const fresh = !args['cache-dir'];
	const dir = args['cache-dir'] ?? (await mkdtemp(path.join(os.tmpdir(), 'nca-bench-')));
	try {
		const rssBefore = process.memoryUsage().rss;
		let peak = rssBefore;
		const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
		const { info } = await loadWinkVectors(dir);
		clearInterval(sampler);
		console.log(
			info.converted
				? `First load (conversion):  ${(info.conversionMs / 1000).toFixed(1)} s, peak RSS +${((peak - rssBefore) / MB).toFixed(0)} MB`
				: `First load: cache already present in ${dir} (conversion not measured)`
		);

		// A fresh process, so the warm figures are not flattered or inflated by the conversion above.
		const script = fileURLToPath(import.meta.url);
		const child = spawnSync(
			process.execPath,
			[...process.execArgv, script, '--warm', '--json', '--cache-dir', dir, '--chunks', String(chunkCount)],
			{ encoding: 'utf8' }
		);
		if (child.status !== 0) throw new Error(`Warm run failed:\n${child.stderr}`);
		const warm = JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as WarmFigures;
		console.log(`Warm load:                ${warm.loadMs.toFixed(0)} ms`);
		console.log(`RSS added by warm load:   ${warm.rssAddedMb.toFixed(0)} MB`);
		console.log(
			`Throughput:               ${warm.chunksPerSecond.toFixed(0)} chunks/s (${warm.chunks} chunks of 300 tokens)`
		);
	} finally {
		if (fresh) await rm(dir, { recursive: true, force: true });
	}
}

async function measureWarm(cacheDir: string, chunks: number): Promise<WarmFigures> {
	const rssBefore = process.memoryUsage().rss;
	const started = performance.now();
	const embedder = await createLocalEmbedder(cacheDir);
	const loadMs = performance.now() - started;
	const rssAddedMb = (process.memoryUsage().rss - rssBefore) / MB;
	let chunksPerSecond = 0;
	if (chunks > 0) {
		const texts = syntheticChunks(chunks, 300);
		const t = performance.now();
		await embedder.embedDocuments(texts);
		chunksPerSecond = chunks / ((performance.now() - t) / 1000);
	}
	return { converted: embedder.loadInfo?.converted ?? false, loadMs, rssAddedMb, chunks, chunksPerSecond };
}

/** Guidance-like text: common and clinical words, numbers, punctuation and a few invented (unknown) terms. */
function syntheticChunks(count: number, tokens: number): string[] {
	const words = (
		'the patients should contact their GP practice if symptoms persist for more than three weeks. NHS provides ' +
		'free flu vaccination to eligible adults, children and pregnant women; appointments can be booked online or ' +
		'by phone. Call 111 for urgent advice or 999 in an emergency. Waiting lists, referral to a consultant, ' +
		'pharmacy prescriptions, mental health services, self-care, haemorrhoids, Frutiger, BAME staff network, ' +
		"accessibility, plain English, don't use jargon, it's important, co-production with communities in 2024."
	).split(' ');
	let seed = 42;
	const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
	return Array.from({ length: count }, (_, i) => {
		const picked = Array.from({ length: tokens - 1 }, () => words[Math.floor(random() * words.length)]);
		return `${picked.join(' ')} term${i % 97}x`;
	});
}
