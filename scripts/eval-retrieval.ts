/**
 * `npm run eval:retrieval`: hit@1, hit@5 and MRR per search mode over the labelled question set
 * (corpus/eval/retrieval-questions.jsonl) against the sample corpus, in a fresh in-memory database.
 * A result is a hit when it comes from the expected document and its passage contains the phrase.
 *
 * The set is split in two, deterministically: a question belongs to the tuning part when the first byte
 * of the SHA-256 of its id is below 128, otherwise to the held-out part. Settings are chosen with
 * `--tune` (which scores only the tuning part); every run reports the whole set and both parts.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabase, useDatabase, closeDatabase } from '../src/lib/server/db';
import { seedSampleCorpusIfEmpty } from '../src/lib/server/ingestion/seed';
import { seedSynonyms } from '../src/lib/server/retrieval/synonyms';
import {
	searchGuidance,
	searchModes,
	type ChunkHit,
	type GuidanceSearch,
	type SearchMode
} from '../src/lib/server/retrieval/search';
import type { Fusion, FusionMethod } from '../src/lib/server/retrieval/fusion';
import { fail } from './cli-support';

type Question = { id: string; question: string; expected: { document: string; contains: string }[] };
type Scores = { n: number; hit1: number; hit5: number; mrr: number };
type Part = 'whole' | 'tuning' | 'held-out';

const { values } = parseArgs({
	options: {
		questions: { type: 'string', default: 'corpus/eval/retrieval-questions.jsonl' },
		json: { type: 'boolean' },
		misses: { type: 'boolean' },
		tune: { type: 'boolean' },
		'database-url': { type: 'string' },
		'keyword-shortlist': { type: 'string' }
	}
});
/**
 * `--database-url`: score an existing PostgreSQL library (such as one kept by `npm run bench:retrieval --
 * --keep`) instead of the sample corpus. Its synthetic passages recombine the sample's sentences under
 * other document names, so there a hit is any passage that contains the expected phrase.
 */
const libraryUrl = values['database-url'];
const keywordShortlist = values['keyword-shortlist'] === undefined ? undefined : Number(values['keyword-shortlist']);
if (keywordShortlist !== undefined && !(Number.isInteger(keywordShortlist) && keywordShortlist >= 0))
	fail('--keyword-shortlist takes a whole number of passages (0 gives every match the proximity rank)');

/** The deterministic split: the first byte of SHA-256(id) below 128 is tuning, the rest held out. */
function partOf(id: string): 'tuning' | 'held-out' {
	return createHash('sha256').update(id).digest()[0] < 128 ? 'tuning' : 'held-out';
}

function isHit(hit: ChunkHit, q: Question): boolean {
	return q.expected.some((e) => (libraryUrl || hit.documentSlug === e.document) && hit.text.includes(e.contains));
}

/** Rank of the first hit (0 when none in the top 10) per question. */
type Knobs = Pick<
	GuidanceSearch,
	'fusion' | 'expansionWeight' | 'vectorExpansionWeight' | 'headingBoost' | 'proximityWeight' | 'candidates'
>;

async function ranks(questions: Question[], mode: SearchMode, knobs: Knobs = {}) {
	const out = new Map<string, number>();
	const times: number[] = [];
	for (const q of questions) {
		const { results, tookMs } = await searchGuidance({
			query: q.question,
			mode,
			k: 10,
			keywordShortlist,
			...knobs
		});
		times.push(tookMs);
		out.set(q.id, results.findIndex((r) => isHit(r, q)) + 1);
	}
	times.sort((a, b) => a - b);
	return { ranks: out, p50Ms: times[Math.floor(times.length / 2)] ?? 0 };
}

function score(questions: Question[], rankOf: Map<string, number>): Scores {
	let hit1 = 0;
	let hit5 = 0;
	let rr = 0;
	for (const q of questions) {
		const rank = rankOf.get(q.id) ?? 0;
		if (rank === 1) hit1++;
		if (rank >= 1 && rank <= 5) hit5++;
		if (rank >= 1) rr += 1 / rank;
	}
	const n = questions.length || 1;
	return { n: questions.length, hit1: round(hit1 / n), hit5: round(hit5 / n), mrr: round(rr / n) };
}

function round(x: number): number {
	return Math.round(x * 1000) / 1000;
}

/** Hybrid settings tried by --tune, scored on the tuning part only. */
function fusionGrid(): Fusion[] {
	const grid: Fusion[] = [];
	for (const method of ['rrf', 'minmax', 'zscore'] as FusionMethod[]) {
		for (const vector of [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1]) grid.push({ method, vector, keyword: 1 });
	}
	return grid;
}

async function tune(tuning: Question[]): Promise<void> {
	for (const weight of [0, 0.25, 0.4, 0.5, 0.6, 0.75, 1]) {
		const s = score(tuning, (await ranks(tuning, 'keyword', { expansionWeight: weight })).ranks);
		console.log(`keyword, synonym weight ${weight.toFixed(2)}: hit@1 ${s.hit1} hit@5 ${s.hit5} MRR ${s.mrr}`);
	}
	for (const boost of [0, 0.25, 0.5, 1]) {
		const s = score(tuning, (await ranks(tuning, 'keyword', { headingBoost: boost })).ranks);
		const h = score(tuning, (await ranks(tuning, 'hybrid', { headingBoost: boost })).ranks);
		console.log(
			`heading boost ${boost.toFixed(2)}: keyword hit@1 ${s.hit1} hit@5 ${s.hit5} MRR ${s.mrr}; hybrid hit@1 ${h.hit1} hit@5 ${h.hit5} MRR ${h.mrr}`
		);
	}
	for (const weight of [0, 0.5, 1, 2, 4, 8]) {
		const s = score(tuning, (await ranks(tuning, 'keyword', { proximityWeight: weight })).ranks);
		const h = score(tuning, (await ranks(tuning, 'hybrid', { proximityWeight: weight })).ranks);
		console.log(
			`proximity ${weight.toFixed(2)}: keyword hit@1 ${s.hit1} hit@5 ${s.hit5} MRR ${s.mrr}; hybrid hit@1 ${h.hit1} hit@5 ${h.hit5} MRR ${h.mrr}`
		);
	}
	for (const candidates of [20, 50, 100]) {
		const h = score(tuning, (await ranks(tuning, 'hybrid', { candidates })).ranks);
		console.log(`candidates per half ${candidates}: hybrid hit@1 ${h.hit1} hit@5 ${h.hit5} MRR ${h.mrr}`);
	}
	for (const weight of [0, 0.1, 0.25, 0.5]) {
		const v = score(tuning, (await ranks(tuning, 'vector', { vectorExpansionWeight: weight })).ranks);
		const h = score(tuning, (await ranks(tuning, 'hybrid', { vectorExpansionWeight: weight })).ranks);
		console.log(
			`synonyms in the query vector ${weight.toFixed(2)}: vector hit@1 ${v.hit1} hit@5 ${v.hit5} MRR ${v.mrr}; hybrid hit@1 ${h.hit1} hit@5 ${h.hit5} MRR ${h.mrr}`
		);
	}
	const rows: { fusion: Fusion; synonyms: number; s: Scores }[] = [];
	for (const synonyms of [0, 0.25]) {
		for (const fusion of fusionGrid()) {
			const knobs = { fusion, vectorExpansionWeight: synonyms };
			rows.push({ fusion, synonyms, s: score(tuning, (await ranks(tuning, 'hybrid', knobs)).ranks) });
		}
	}
	rows.sort((a, b) => b.s.mrr - a.s.mrr || b.s.hit1 - a.s.hit1 || b.s.hit5 - a.s.hit5);
	console.log(`Tuning part only (${tuning.length} questions), hybrid, best MRR first:`);
	console.log('method  vector keyword  vector synonyms  hit@1  hit@5  MRR');
	for (const { fusion: f, synonyms, s } of rows) {
		console.log(
			`${f.method.padEnd(7)} ${f.vector.toFixed(2).padStart(6)} ${f.keyword.toFixed(2).padStart(7)}  ${synonyms.toFixed(2).padStart(15)}  ${s.hit1.toFixed(3)}  ${s.hit5.toFixed(3)}  ${s.mrr.toFixed(3)}`
		);
	}
}

try {
	const questions = (await readFile(values.questions!, 'utf8'))
		.split('\n')
		.filter((l) => l.trim())
		.map((l) => JSON.parse(l) as Question);
	const parts: Record<Part, Question[]> = {
		whole: questions,
		tuning: questions.filter((q) => partOf(q.id) === 'tuning'),
		'held-out': questions.filter((q) => partOf(q.id) === 'held-out')
	};
	const handle = libraryUrl
		? await openDatabase({ kind: 'postgres', url: libraryUrl, poolMax: 4 })
		: await openDatabase({ kind: 'pglite', dataDir: 'memory' });
	// A library given by URL is only read: migrating it (0020 rewrites every passage) is not an evaluation's job.
	if (!libraryUrl) await handle.migrate();
	useDatabase(handle);
	if (libraryUrl) {
		console.error(
			`Scoring the library at ${new URL(libraryUrl).pathname.slice(1)}; a hit is any passage with the phrase.`
		);
	} else {
		const loaded = await seedSampleCorpusIfEmpty();
		await seedSynonyms();
		console.error(
			`Loaded ${loaded.length} sample documents; ${questions.length} questions (${parts.tuning.length} tuning, ${parts['held-out'].length} held out).`
		);
	}
	if (values.tune) {
		await tune(parts.tuning);
		await closeDatabase();
		process.exit(0);
	}

	const report: Record<string, Record<Part, Scores> & { p50Ms: number }> = {};
	const misses: string[] = [];
	for (const mode of searchModes) {
		const r = await ranks(questions, mode);
		report[mode] = {
			whole: score(parts.whole, r.ranks),
			tuning: score(parts.tuning, r.ranks),
			'held-out': score(parts['held-out'], r.ranks),
			p50Ms: r.p50Ms
		};
		if (mode === 'hybrid') {
			for (const q of questions) {
				const rank = r.ranks.get(q.id) ?? 0;
				// Only the tuning part's misses are shown: reading held-out misses would be tuning on them.
				if (rank !== 1 && partOf(q.id) === 'tuning') misses.push(`${q.id} (${rank || '>10'}): ${q.question}`);
			}
		}
	}
	await closeDatabase();

	const load = loadavg()
		.map((l) => l.toFixed(2))
		.join(' ');
	if (values.json) {
		console.log(JSON.stringify({ questions: questions.length, loadavg: load, modes: report }));
	} else {
		const library = libraryUrl ? `the library ${new URL(libraryUrl).pathname.slice(1)} (phrase hits)` : 'sample corpus';
		const shortlist = keywordShortlist === undefined ? '' : `, keyword shortlist ${keywordShortlist || 'off'}`;
		console.log(
			`Retrieval evaluation: ${questions.length} questions, ${library}, embedded embedder${shortlist} (load ${load})`
		);
		console.log('part      mode     hit@1  hit@5  MRR    p50 ms');
		for (const part of ['whole', 'tuning', 'held-out'] as Part[]) {
			for (const [mode, r] of Object.entries(report)) {
				const s = r[part];
				console.log(
					`${`${part} (${s.n})`.padEnd(15)} ${mode.padEnd(8)} ${s.hit1.toFixed(3)}  ${s.hit5.toFixed(3)}  ${s.mrr.toFixed(3)}  ${r.p50Ms.toFixed(1)}`
				);
			}
		}
		if (values.misses) console.log(`\nHybrid misses at rank 1, tuning part only:\n${misses.join('\n')}`);
	}
} catch (e) {
	fail(e);
}
