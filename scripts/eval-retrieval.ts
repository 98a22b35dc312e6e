/**
 * `npm run eval:retrieval`: hit@1, hit@5 and MRR per search mode over the labelled question set
 * (corpus/eval/retrieval-questions.jsonl) against the sample corpus, in a fresh in-memory database.
 * A result is a hit when it comes from the expected document and its passage contains the phrase.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openDatabase, useDatabase, closeDatabase } from '../src/lib/server/db';
import { seedSampleCorpusIfEmpty } from '../src/lib/server/ingestion/seed';
import { searchGuidance, searchModes, type ChunkHit, type SearchMode } from '../src/lib/server/retrieval/search';
import { fail } from './cli-support';

type Question = { id: string; question: string; expected: { document: string; contains: string }[] };

const { values } = parseArgs({
	options: {
		questions: { type: 'string', default: 'corpus/eval/retrieval-questions.jsonl' },
		json: { type: 'boolean' },
		misses: { type: 'boolean' }
	}
});

function isHit(hit: ChunkHit, q: Question): boolean {
	return q.expected.some((e) => hit.documentSlug === e.document && hit.text.includes(e.contains));
}

try {
	const questions = (await readFile(values.questions!, 'utf8'))
		.split('\n')
		.filter((l) => l.trim())
		.map((l) => JSON.parse(l) as Question);
	const handle = await openDatabase({ kind: 'pglite', dataDir: 'memory' });
	await handle.migrate();
	useDatabase(handle);
	const loaded = await seedSampleCorpusIfEmpty();
	console.error(`Loaded ${loaded.length} sample documents; evaluating ${questions.length} questions.`);

	const report: Record<string, { hit1: number; hit5: number; mrr: number; p50Ms: number }> = {};
	const misses: string[] = [];
	for (const mode of searchModes as SearchMode[]) {
		let hit1 = 0;
		let hit5 = 0;
		let rr = 0;
		const times: number[] = [];
		for (const q of questions) {
			const { results, tookMs } = await searchGuidance({ query: q.question, mode, k: 10 });
			times.push(tookMs);
			const rank = results.findIndex((r) => isHit(r, q)) + 1;
			if (rank === 1) hit1++;
			if (rank >= 1 && rank <= 5) hit5++;
			if (rank >= 1) rr += 1 / rank;
			if (mode === 'hybrid' && (rank === 0 || rank > 5)) misses.push(`${q.id} (${rank || '>10'}): ${q.question}`);
		}
		times.sort((a, b) => a - b);
		const n = questions.length;
		report[mode] = {
			hit1: round(hit1 / n),
			hit5: round(hit5 / n),
			mrr: round(rr / n),
			p50Ms: times[Math.floor(n / 2)]
		};
	}
	await closeDatabase();

	if (values.json) {
		console.log(JSON.stringify({ questions: questions.length, modes: report }));
	} else {
		console.log(`Retrieval evaluation: ${questions.length} questions, sample corpus, embedded embedder`);
		console.log('mode     hit@1  hit@5  MRR    p50 ms');
		for (const [mode, r] of Object.entries(report)) {
			console.log(
				`${mode.padEnd(8)} ${r.hit1.toFixed(3)}  ${r.hit5.toFixed(3)}  ${r.mrr.toFixed(3)}  ${r.p50Ms.toFixed(1)}`
			);
		}
		if (values.misses) console.log(`\nHybrid misses (not in top 5):\n${misses.join('\n')}`);
	}
} catch (e) {
	fail(e);
}

function round(x: number): number {
	return Math.round(x * 1000) / 1000;
}
