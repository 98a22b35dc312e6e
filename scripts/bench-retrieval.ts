/**
 * `npm run bench:retrieval`: retrieval at scale on synthetic guidance corpora built from corpus/sample.
 *
 *   npm run bench:retrieval -- [--database-url URL] [--sizes 10000,100000] [--skip-pglite] [--queries 200]
 *                              [--recall-queries 100] [--ingest-chunks 2000] [--json] [--keep]
 *                              [--reuse nca_bench_<name>] [--results FILE]
 *
 * For each corpus size on PostgreSQL (a fresh `nca_bench_<random>` database, dropped afterwards, also on
 * failure) and for the smallest size on in-memory PGlite it reports: p50/p95 latency of searchGuidance
 * (k = 8) in hybrid, vector-only and keyword-only mode; HNSW recall@10 of the index path against exact
 * search; bulk-load and HNSW index-build times; and ingestion throughput through the real pipeline
 * (ingestFile), into the empty library and again into the full one. Progress goes to stderr, the report
 * to stdout (one JSON object with --json). `--keep` leaves the largest PostgreSQL database in place for
 * EXPLAIN ANALYZE and prints its name; drop it yourself afterwards. `--reuse NAME` measures search latency and
 * recall again on such a kept database, without building or ingesting anything (seconds instead of minutes,
 * for comparing two versions of the search code back to back); it leaves the database in place.
 * `--results FILE` writes every timed search's results (chunk ids and scores) as JSON, to check that a
 * change of how search runs leaves what it finds unchanged.
 */
import { randomBytes } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getConfig } from '../src/lib/server/config';
import { openDatabase, useDatabase, type DatabaseHandle } from '../src/lib/server/db';
import { seedSynonyms } from '../src/lib/server/retrieval/synonyms';
import {
	analyzeCorpusTables,
	bulkInsertChunksForBenchmark,
	chunkStorageStats,
	createBenchmarkDatabase,
	createChunkVectorIndexes,
	dropBenchmarkDatabase,
	dropChunkVectorIndexes,
	nearestChunks,
	planNearestChunks,
	type BenchmarkDocument,
	type NearestSearch
} from '../src/lib/server/db/queries/bench';
import { ensureCollection } from '../src/lib/server/ingestion/collections';
import { countTokens } from '../src/lib/server/ingestion/tokens';
import { embeddingText, ingestFile } from '../src/lib/server/ingestion/pipeline';
import { splitSentences } from '../src/lib/server/ingestion/sentences';
import { useEmbedder } from '../src/lib/server/llm/current-embedder';
import { createEmbedder, toStorageVector, type Embedder } from '../src/lib/server/llm/embeddings';
import { hnswEfSearch } from '../src/lib/server/db/queries/retrieval';
import { invalidateKeywordStats, toKeywordQuery } from '../src/lib/server/retrieval/keywords';
import { searchGuidance, type SearchMode } from '../src/lib/server/retrieval/search';
import { UsageError, fail } from './cli-support';

const usage = `Usage:
  npm run bench:retrieval -- [--database-url URL] [--sizes 10000,100000] [--skip-pglite] [--queries N]
                             [--recall-queries N] [--ingest-chunks N] [--json] [--keep] [--reuse NAME]
                             [--results FILE]`;

const K = 8;
const WARM_UP_QUERIES = 20;
const CHUNKS_PER_DOCUMENT = 20;
const LOAD_BATCH_DOCUMENTS = 50;
const MODES: SearchMode[] = ['hybrid', 'vector', 'keyword'];
/** hnsw.ef_search as searchChunks sets it for k = 8 (its candidate count is 5k). */
const EF_SEARCH = hnswEfSearch(K * 5);
const TARGETS = { hybridP95Ms: 50, recallAt10: 0.95, ingestChunksPerSecond: 200 };

// Machine-readable output owns stdout: anything a library logs goes to stderr instead.
const stdout = (line: string) => process.stdout.write(`${line}\n`);
console.log = (...args: unknown[]) => console.error(...args);
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

type Options = {
	databaseUrl: string;
	sizes: number[];
	skipPglite: boolean;
	queries: number;
	recallQueries: number;
	ingestChunks: number;
	json: boolean;
	/** Leave the largest PostgreSQL database in place (for EXPLAIN ANALYZE) instead of dropping it. */
	keep: boolean;
	/** Measure search on this kept database instead of building new ones. */
	reuse?: string;
	/** Write every timed search's results here (JSON). */
	results?: string;
};

function parseOptions(): Options {
	const { values } = parseArgs({
		options: {
			'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
			sizes: { type: 'string', default: '10000,100000' },
			'skip-pglite': { type: 'boolean', default: false },
			queries: { type: 'string', default: '200' },
			'recall-queries': { type: 'string', default: '100' },
			'ingest-chunks': { type: 'string', default: '2000' },
			json: { type: 'boolean', default: false },
			keep: { type: 'boolean', default: false },
			reuse: { type: 'string' },
			results: { type: 'string' }
		}
	});
	const whole = (name: string, value: string, min: number) => {
		const n = Number(value.replace(/_/g, ''));
		if (!Number.isInteger(n) || n < min)
			throw new UsageError(`--${name} must be a whole number of at least ${min}`, usage);
		return n;
	};
	const sizes = values.sizes!.split(',').map((s) => whole('sizes', s.trim(), 100));
	if (values.reuse !== undefined && !/^nca_bench_[a-z0-9_]+$/.test(values.reuse))
		throw new UsageError('--reuse takes the name of a database kept by --keep (nca_bench_…)', usage);
	return {
		databaseUrl: values['database-url']!,
		sizes: [...new Set(sizes)].sort((a, b) => a - b),
		skipPglite: values['skip-pglite']!,
		queries: whole('queries', values.queries!, 1),
		recallQueries: whole('recall-queries', values['recall-queries']!, 1),
		ingestChunks: whole('ingest-chunks', values['ingest-chunks']!, 0),
		json: values.json!,
		keep: values.keep!,
		reuse: values.reuse,
		results: values.results
	};
}

// ---------------------------------------------------------------------------------------------------------
// Synthetic guidance: sentences of the sample corpus, recombined across documents with varied wording and
// invented organisations, departments and dates, so that both full text and vectors have something to find.

type SourceDocument = { collection: string; title: string; headings: string[]; sentences: string[] };
type Collection = { slug: string; name: string; description: string; id: string };
type SyntheticSection = { heading: string; sentences: string[] };
type SyntheticDocument = { collection: string; slug: string; title: string; sections: SyntheticSection[] };

/** A small seeded generator (mulberry32), so every run builds the same corpus and queries. */
function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
type Random = () => number;
const pick = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
const between = (rnd: Random, min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));

const PLACE_STARTS =
	'Ash Birch Bram Brook Cal Cold Elm Fern Glen Hart Hol Kings Lang Mar Mill North Oak Pen Red Rother Ship South Stan Thorn Wal West Whit Wood Wy'.split(
		' '
	);
const PLACE_ENDS = 'bury bridge dale field ford ham hampton ley mouth stead ton well wick worth'.split(' ');
const ORG_KINDS = [
	'NHS Foundation Trust',
	'Integrated Care Board',
	'Primary Care Network',
	'Community Health Services',
	'Mental Health Trust',
	'Hospital',
	'GP Federation',
	'Ambulance Service'
];
const DEPARTMENTS = (
	'maternity cardiology pharmacy outpatients radiology paediatrics dermatology urology physiotherapy audiology ' +
	'oncology diabetes ophthalmology orthopaedics stroke dietetics podiatry sexual-health vaccination screening ' +
	'safeguarding volunteering estates recruitment patient-experience'
).split(' ');
const OUTPUTS = (
	'leaflet letter text message web page poster social media post patient story press release video newsletter ' +
	'appointment reminder consent form annual report intranet article'
).split(' ');
const MONTHS = 'January February March April May June July August September October November December'.split(' ');
/** Interchangeable words: swapping some of them varies the wording (and the vectors) without changing the topic. */
const SYNONYM_GROUPS = [
	['people', 'patients', 'service users', 'the public'],
	['use', 'choose', 'prefer'],
	['help', 'support', 'assist'],
	['staff', 'colleagues', 'teams'],
	['information', 'advice', 'guidance'],
	['write', 'draft', 'word'],
	['doctor', 'clinician', 'consultant'],
	['leaflet', 'booklet', 'poster'],
	['clear', 'plain', 'simple'],
	['important', 'essential', 'vital'],
	['avoid', 'never use', 'steer clear of'],
	['show', 'display', 'present'],
	['often', 'frequently', 'usually'],
	['example', 'instance'],
	['check', 'review', 'confirm'],
	['explain', 'describe', 'set out']
];
const SYNONYMS = new Map<string, string[]>();
for (const group of SYNONYM_GROUPS) {
	for (const word of group)
		if (!word.includes(' '))
			SYNONYMS.set(
				word,
				group.filter((w) => w !== word)
			);
}
const QUERY_STOP_WORDS = new Set(
	'about above after again also because been before being below between both could does doing during each from further have having here into itself just more most other over same should some such than that their them then there these they this those through under until very were what when where which while with would your yours make made using used'.split(
		' '
	)
);

function plainText(markdown: string): string {
	return markdown
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/[*_`]+/g, '')
		.replace(/\s+/g, ' ')
		.trim();
}

async function loadSampleCorpus(): Promise<{ sources: SourceDocument[]; collections: Omit<Collection, 'id'>[] }> {
	const root = path.resolve('corpus', 'sample');
	const collections = JSON.parse(await readFile(path.join(root, 'collections.json'), 'utf8')) as Omit<
		Collection,
		'id'
	>[];
	const sources: SourceDocument[] = [];
	for (const { slug } of collections) {
		for (const file of (await readdir(path.join(root, slug))).filter((f) => f.endsWith('.md')).sort()) {
			const markdown = (await readFile(path.join(root, slug, file), 'utf8')).replace(/^---\n[\s\S]*?\n---\n/, '');
			const doc: SourceDocument = { collection: slug, title: '', headings: [], sentences: [] };
			let paragraph: string[] = [];
			const flush = () => {
				if (paragraph.length) doc.sentences.push(...splitSentences(plainText(paragraph.join(' '))));
				paragraph = [];
			};
			for (const raw of markdown.split('\n')) {
				const line = raw.trim();
				const heading = /^(#{1,6})\s+(.*)$/.exec(line);
				const item = /^(?:[-*+]|\d+\.)\s+(.*)$/.exec(line);
				if (!line || line.startsWith('>') || heading || item) flush();
				if (heading) {
					if (heading[1].length === 1) doc.title = plainText(heading[2]);
					else doc.headings.push(plainText(heading[2]));
				} else if (item) {
					doc.sentences.push(plainText(item[1]));
				} else if (line && !line.startsWith('>')) {
					paragraph.push(line);
				}
			}
			flush();
			doc.sentences = doc.sentences.filter((s) => s.split(' ').length >= 3);
			if (doc.sentences.length && doc.headings.length) sources.push(doc);
		}
	}
	if (!sources.length) throw new Error('corpus/sample has no usable Markdown documents');
	return { sources, collections };
}

function matchCase(word: string, like: string): string {
	return like[0] === like[0].toUpperCase() ? word[0].toUpperCase() + word.slice(1) : word;
}

/** Swaps about a quarter of the swappable words for a synonym. */
function vary(rnd: Random, sentence: string): string {
	return sentence.replace(/\b[A-Za-z]+\b/g, (word) => {
		const alternatives = SYNONYMS.get(word.toLowerCase());
		return alternatives && rnd() < 0.25 ? matchCase(pick(rnd, alternatives), word) : word;
	});
}

type Organisation = { place: string; name: string; department: string };

function organisation(rnd: Random): Organisation {
	const place = pick(rnd, PLACE_STARTS) + pick(rnd, PLACE_ENDS);
	return { place, name: `${place} ${pick(rnd, ORG_KINDS)}`, department: pick(rnd, DEPARTMENTS).replace('-', ' ') };
}

function localSentence(rnd: Random, org: Organisation): string {
	const output = pick(rnd, OUTPUTS);
	const when = `${pick(rnd, MONTHS)} ${between(rnd, 2019, 2026)}`;
	switch (between(rnd, 0, 3)) {
		case 0:
			return `At ${org.name}, the ${org.department} team applies this to every ${output}.`;
		case 1:
			return `${org.name} reviewed its ${org.department} ${output}s against this guidance in ${when}.`;
		case 2:
			return `For ${org.department} services in ${org.place}, ask the communications team on 0${between(rnd, 1000, 1999)} ${between(rnd, 100000, 999999)} before you publish a ${output}.`;
		default:
			return `The ${org.department} service at ${org.name} tested this ${output} with ${between(rnd, 5, 60)} patients in ${when}.`;
	}
}

function syntheticDocument(
	rnd: Random,
	sources: SourceDocument[],
	index: number,
	sectionCount: number,
	sentencesPerSection: [number, number]
): SyntheticDocument {
	const base = pick(rnd, sources);
	const sameCollection = sources.filter((s) => s.collection === base.collection);
	const org = organisation(rnd);
	const sections: SyntheticSection[] = [];
	for (let s = 0; s < sectionCount; s++) {
		const sentences: string[] = [];
		const count = between(rnd, ...sentencesPerSection);
		for (let i = 0; i < count; i++) {
			// Mostly one document's topic, with sentences borrowed from its collection and from anywhere.
			const r = rnd();
			const from = r < 0.7 ? base : r < 0.9 ? pick(rnd, sameCollection) : pick(rnd, sources);
			sentences.push(vary(rnd, pick(rnd, from.sentences)));
		}
		if (rnd() < 0.5) sentences.splice(between(rnd, 0, sentences.length), 0, localSentence(rnd, org));
		const heading = vary(rnd, pick(rnd, rnd() < 0.8 ? base.headings : pick(rnd, sameCollection).headings));
		sections.push({ heading, sentences });
	}
	return {
		collection: base.collection,
		slug: `bench-${index}`,
		title: `${base.title}: ${org.name}`,
		sections
	};
}

/** Markdown as an author would upload it: front matter, a title, and one section per passage-sized topic. */
function toMarkdown(doc: SyntheticDocument): string {
	const lines = [
		'---',
		`title: ${doc.title}`,
		`collection: ${doc.collection}`,
		'owner: Benchmark',
		'---',
		'',
		`# ${doc.title}`
	];
	for (const section of doc.sections) {
		lines.push('', `## ${section.heading}`);
		const cut = Math.ceil(section.sentences.length / 2);
		lines.push('', section.sentences.slice(0, cut).join(' '), '', section.sentences.slice(cut).join(' '));
	}
	return `${lines.join('\n')}\n`;
}

function queryWords(sentence: string): string[] {
	return (sentence.toLowerCase().match(/[a-z][a-z'-]{3,}/g) ?? []).filter((w) => !QUERY_STOP_WORDS.has(w));
}

/** Questions a drafter might type: the labelled evaluation questions, and others made from sample sentences. */
function buildQueries(rnd: Random, count: number, labelled: string[], sources: SourceDocument[]): string[] {
	const out: string[] = [];
	let next = 0;
	while (out.length < count) {
		if (out.length % 3 !== 2 && next < labelled.length) {
			out.push(labelled[next++]);
			continue;
		}
		const words = queryWords(pick(rnd, pick(rnd, sources).sentences));
		if (words.length < 2) continue;
		const start = between(rnd, 0, Math.max(0, words.length - 2));
		const topic = words.slice(start, start + between(rnd, 2, 4)).join(' ');
		const org = organisation(rnd);
		const templates = [
			`how should I handle ${topic}`,
			topic,
			`what does the guidance say about ${topic}`,
			`${topic} in a ${pick(rnd, OUTPUTS)} for ${org.name}`,
			`can we ${topic} in our ${org.department} ${pick(rnd, OUTPUTS)}`
		];
		out.push(pick(rnd, templates));
	}
	return out;
}

// ---------------------------------------------------------------------------------------------------------
// Measurements.

type Latency = { p50Ms: number; p95Ms: number; meanMs: number };
type RunReport = {
	backend: 'postgres' | 'pglite';
	chunks: number;
	documents: number;
	load: { seconds: number; chunksPerSecond: number; embedSeconds: number; embedChunksPerSecond: number };
	vectorIndex: { buildSeconds: number; sizeMb: number; maintenanceWorkMem: string };
	tableSizeMb: number;
	keywordStatsMs: number;
	latency: Record<SearchMode, Latency>;
	recall: {
		queries: number;
		efSearch: number;
		atTen: number;
		atTenTieAware: number;
		indexUsed: boolean;
		exactBypassesIndex: boolean;
		indexMeanMs: number;
		exactMeanMs: number;
	};
	/** ingestFile throughput into the new, empty library, and into the full library after the searches. */
	ingestion: { empty: Ingestion; populated: Ingestion };
};
type Ingestion = { documents: number; chunks: number; seconds: number; chunksPerSecond: number };

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

function latency(times: number[]): Latency {
	const sorted = [...times].sort((a, b) => a - b);
	const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
	return { p50Ms: round(percentile(sorted, 0.5)), p95Ms: round(percentile(sorted, 0.95)), meanMs: round(mean) };
}

function round(x: number, places = 1): number {
	const f = 10 ** places;
	return Math.round(x * f) / f;
}

async function ensureCollections(collections: Omit<Collection, 'id'>[]): Promise<Map<string, string>> {
	const ids = new Map<string, string>();
	for (const c of collections) {
		ids.set(c.slug, (await ensureCollection(c.slug, { name: c.name, description: c.description })).id);
	}
	return ids;
}

/**
 * Embeds with the real embedder and writes large batches. On PostgreSQL the next batch is embedded
 * while the previous one is written; PGlite runs in this thread, so there it would only blur the timing.
 */
async function bulkLoad(
	embedder: Embedder,
	sources: SourceDocument[],
	collectionIds: Map<string, string>,
	size: number,
	overlap: boolean
): Promise<{ documents: number; seconds: number; embedSeconds: number }> {
	const rnd = seeded(size);
	const started = performance.now();
	let embedMs = 0;
	let loaded = 0;
	let documents = 0;
	let lastReport = started;
	let pending: Promise<number> | undefined;
	while (loaded < size) {
		const batch: SyntheticDocument[] = [];
		let batchChunks = 0;
		while (batch.length < LOAD_BATCH_DOCUMENTS && loaded + batchChunks < size) {
			const sections = Math.min(CHUNKS_PER_DOCUMENT, size - loaded - batchChunks);
			batch.push(syntheticDocument(rnd, sources, documents + batch.length, sections, [4, 11]));
			batchChunks += sections;
		}
		const passages = batch.flatMap((doc) =>
			doc.sections.map((s) => ({ heading: `${doc.title} › ${s.heading}`, text: s.sentences.join(' ') }))
		);
		if (!overlap && pending) await pending;
		const t = performance.now();
		const vectors = await embedder.embedDocuments(passages.map((p) => embeddingText(p.heading, p.text)));
		embedMs += performance.now() - t;
		let v = 0;
		const rows: BenchmarkDocument[] = batch.map((doc) => ({
			collectionId: collectionIds.get(doc.collection)!,
			slug: doc.slug,
			title: doc.title,
			chunks: doc.sections.map(() => {
				const p = passages[v];
				return { ...p, tokenCount: countTokens(p.text), embedding: toStorageVector(vectors[v++]) };
			})
		}));
		if (pending) await pending;
		pending = bulkInsertChunksForBenchmark(rows, embedder.id);
		loaded += batchChunks;
		documents += batch.length;
		if (performance.now() - lastReport > 10_000) {
			lastReport = performance.now();
			progress(`  loaded ${loaded.toLocaleString('en-GB')} of ${size.toLocaleString('en-GB')} chunks`);
		}
	}
	await pending;
	return { documents, seconds: (performance.now() - started) / 1000, embedSeconds: embedMs / 1000 };
}

/** Every timed search's results (chunk id and score, best first), for `--results`. */
const found: { mode: SearchMode; query: string; results: [string, number][] }[] = [];

async function measureLatency(queries: string[], warmUp: string[]): Promise<Record<SearchMode, Latency>> {
	for (const mode of MODES) for (const query of warmUp) await searchGuidance({ query, mode, k: K });
	const out = {} as Record<SearchMode, Latency>;
	for (const mode of MODES) {
		// Keyword statistics are cached for 10 minutes; touching them here keeps a refresh out of the timed loop.
		await toKeywordQuery('warm');
		const times: number[] = [];
		for (const query of queries) {
			const t = performance.now();
			const result = await searchGuidance({ query, mode, k: K });
			times.push(performance.now() - t);
			found.push({ mode, query, results: result.results.map((r) => [r.chunkId, r.score]) });
			if (mode === 'hybrid' && result.results.length === 0) progress(`  no hybrid results for "${query}"`);
		}
		out[mode] = latency(times);
		progress(`  ${mode}: p50 ${out[mode].p50Ms} ms, p95 ${out[mode].p95Ms} ms`);
	}
	return out;
}

/** Whether a plan walks one of the HNSW indexes (the built-in model's own, or the shared one). */
function usesVectorIndex(plan: string): boolean {
	return /chunks_embedding_(local_)?hnsw_idx/.test(plan);
}

async function measureRecall(embedder: Embedder, queries: string[]): Promise<RunReport['recall']> {
	const base = { embeddingModel: embedder.id, limit: 10, efSearch: EF_SEARCH };
	const probe = toStorageVector(await embedder.embedQuery(queries[0]));
	const indexPlan = await planNearestChunks({ ...base, vector: probe, exact: false });
	const exactPlan = await planNearestChunks({ ...base, vector: probe, exact: true });
	if (!usesVectorIndex(indexPlan))
		progress(`  the index path does not use the HNSW index:\n${indexPlan.replace(/'\[[^\]]*\]'/g, "'[…]'")}`);
	let recall = 0;
	let tieAware = 0;
	let indexMs = 0;
	let exactMs = 0;
	for (const query of queries) {
		const vector = toStorageVector(await embedder.embedQuery(query));
		const search: NearestSearch = { ...base, vector, exact: false };
		let t = performance.now();
		const approx = await nearestChunks(search);
		indexMs += performance.now() - t;
		t = performance.now();
		const exact = await nearestChunks({ ...search, exact: true });
		exactMs += performance.now() - t;
		const truth = new Set(exact.map((r) => r.id));
		const cutoff = (exact.at(-1)?.distance ?? 0) + 1e-6;
		recall += approx.filter((r) => truth.has(r.id)).length / exact.length;
		// A different chunk at exactly the same distance as the 10th true neighbour is just as near.
		tieAware +=
			Math.min(exact.length, approx.filter((r) => truth.has(r.id) || r.distance <= cutoff).length) / exact.length;
	}
	const n = queries.length;
	return {
		queries: n,
		efSearch: EF_SEARCH,
		atTen: round(recall / n, 4),
		atTenTieAware: round(tieAware / n, 4),
		indexUsed: usesVectorIndex(indexPlan),
		exactBypassesIndex: !usesVectorIndex(exactPlan),
		indexMeanMs: round(indexMs / n),
		exactMeanMs: round(exactMs / n)
	};
}

async function measureIngestion(
	sources: SourceDocument[],
	collectionIds: Map<string, string>,
	target: number,
	name: string
): Promise<Ingestion> {
	const rnd = seeded([...name].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), target));
	const files: { name: string; bytes: Uint8Array; collection: string }[] = [];
	// About 20 passages per document; prepared up front so only the pipeline is timed.
	for (let i = 0, estimate = 0; estimate < target; i++) {
		const doc = syntheticDocument(rnd, sources, i, CHUNKS_PER_DOCUMENT, [4, 9]);
		files.push({
			name: `ingest-${name}-${i}.md`,
			bytes: new TextEncoder().encode(toMarkdown(doc)),
			collection: doc.collection
		});
		estimate += CHUNKS_PER_DOCUMENT;
	}
	let chunks = 0;
	const started = performance.now();
	for (const file of files) {
		const result = await ingestFile({
			bytes: file.bytes,
			fileName: file.name,
			collectionId: collectionIds.get(file.collection)!,
			actorId: null
		});
		if (!result.ok || result.outcome !== 'created') throw new Error(`Ingestion failed: ${result.message}`);
		chunks += result.chunkCount;
	}
	const seconds = (performance.now() - started) / 1000;
	return { documents: files.length, chunks, seconds: round(seconds, 2), chunksPerSecond: round(chunks / seconds, 0) };
}

type Workload = {
	embedder: Embedder;
	sources: SourceDocument[];
	collections: Omit<Collection, 'id'>[];
	queries: string[];
	warmUp: string[];
	options: Options;
};

/** Latency per mode and HNSW recall on the current database, whose library is already built. */
async function measureSearch(label: string, w: Workload) {
	// The keyword statistics cache belongs to the process, not the database: start each corpus afresh.
	invalidateKeywordStats();
	const t = performance.now();
	await toKeywordQuery('keyword statistics');
	const keywordStatsMs = performance.now() - t;

	progress(`${label}: ${w.queries.length} queries per mode after ${w.warmUp.length} warm-up queries`);
	const latencies = await measureLatency(w.queries, w.warmUp);
	progress(`${label}: recall@10 over ${Math.min(w.options.recallQueries, w.queries.length)} query vectors`);
	const recall = await measureRecall(w.embedder, w.queries.slice(0, w.options.recallQueries));
	progress(`${label}: recall@10 ${recall.atTen} (exact search ${recall.exactMeanMs} ms per query)`);
	return { keywordStatsMs, latencies, recall };
}

/** Builds one corpus in an open, migrated, current database and measures it. */
async function benchmark(backend: RunReport['backend'], size: number, w: Workload): Promise<RunReport> {
	const label = `${backend} ${size.toLocaleString('en-GB')}`;
	const collectionIds = await ensureCollections(w.collections);
	const ingest = async (name: string) => {
		if (w.options.ingestChunks === 0) return { documents: 0, chunks: 0, seconds: 0, chunksPerSecond: 0 };
		progress(`${label}: ingesting about ${w.options.ingestChunks.toLocaleString('en-GB')} chunks (${name} library)`);
		const result = await measureIngestion(w.sources, collectionIds, w.options.ingestChunks, name);
		progress(`${label}: ingestion into the ${name} library ${result.chunksPerSecond} chunks/s`);
		return result;
	};
	// The pipeline's own throughput, with the migration's HNSW index in place, before the bulk load.
	const empty = await ingest('empty');

	const vectorIndexes = await dropChunkVectorIndexes();
	const bulk = size - empty.chunks;
	progress(`${label}: generating, embedding and loading ${bulk.toLocaleString('en-GB')} more chunks`);
	const load = await bulkLoad(w.embedder, w.sources, collectionIds, bulk, backend === 'postgres');
	progress(`${label}: loaded in ${load.seconds.toFixed(1)} s (embedding ${load.embedSeconds.toFixed(1)} s); analysing`);
	await analyzeCorpusTables();

	const maintenanceWorkMem = backend === 'postgres' ? '1GB' : '256MB';
	const t = performance.now();
	await createChunkVectorIndexes(vectorIndexes, maintenanceWorkMem);
	const buildSeconds = (performance.now() - t) / 1000;
	progress(`${label}: HNSW index built in ${buildSeconds.toFixed(1)} s`);
	const storage = await chunkStorageStats();

	const { keywordStatsMs, latencies, recall } = await measureSearch(label, w);

	const populated = await ingest('populated');
	return {
		backend,
		chunks: storage.chunks,
		documents: load.documents + empty.documents,
		load: {
			seconds: round(load.seconds, 2),
			chunksPerSecond: round(bulk / load.seconds, 0),
			embedSeconds: round(load.embedSeconds, 2),
			embedChunksPerSecond: round(bulk / load.embedSeconds, 0)
		},
		vectorIndex: {
			buildSeconds: round(buildSeconds, 2),
			sizeMb: round(storage.vectorIndexBytes / 2 ** 20),
			maintenanceWorkMem
		},
		tableSizeMb: round(storage.tableBytes / 2 ** 20),
		keywordStatsMs: round(keywordStatsMs),
		latency: latencies,
		recall,
		ingestion: { empty, populated }
	};
}

// ---------------------------------------------------------------------------------------------------------
// Databases: a fresh PostgreSQL database per corpus size, dropped afterwards even when something fails.

const created = new Set<string>();
let admin: DatabaseHandle | undefined;
let current: DatabaseHandle | undefined;

function benchUrl(url: string, name: string): string {
	const u = new URL(url);
	u.pathname = `/${name}`;
	return u.toString();
}

async function cleanUp(): Promise<void> {
	await current?.close().catch(() => {});
	current = undefined;
	if (admin) {
		useDatabase(admin);
		for (const name of created) {
			await dropBenchmarkDatabase(name).catch((e) => progress(`could not drop ${name}: ${(e as Error).message}`));
			created.delete(name);
		}
		await admin.close().catch(() => {});
		admin = undefined;
	}
}

async function onPostgres(url: string, size: number, w: Workload, keep: boolean): Promise<RunReport> {
	admin ??= await openDatabase({ kind: 'postgres', url, poolMax: 1 });
	useDatabase(admin);
	const name = `nca_bench_${randomBytes(5).toString('hex')}`;
	await createBenchmarkDatabase(name);
	created.add(name);
	progress(`postgres ${size.toLocaleString('en-GB')}: created database ${name}`);
	try {
		current = await openDatabase({ kind: 'postgres', url: benchUrl(url, name), poolMax: 4 });
		await current.migrate();
		useDatabase(current);
		await seedSynonyms();
		const report = await benchmark('postgres', size, w);
		if (keep) {
			created.delete(name);
			progress(`postgres ${size.toLocaleString('en-GB')}: kept database ${name}; drop it when done`);
		}
		return report;
	} finally {
		await current?.close();
		current = undefined;
		useDatabase(admin);
		if (created.has(name)) {
			await dropBenchmarkDatabase(name);
			created.delete(name);
			progress(`postgres ${size.toLocaleString('en-GB')}: dropped database ${name}`);
		}
	}
}

/** Measures search again on a database kept by an earlier `--keep` run; nothing is built, nothing dropped. */
async function onKeptDatabase(url: string, name: string, w: Workload): Promise<RunReport> {
	current = await openDatabase({ kind: 'postgres', url: benchUrl(url, name), poolMax: 4 });
	try {
		await current.migrate();
		useDatabase(current);
		const storage = await chunkStorageStats();
		const label = `postgres ${storage.chunks.toLocaleString('en-GB')} (kept ${name})`;
		const { keywordStatsMs, latencies, recall } = await measureSearch(label, w);
		const none = { documents: 0, chunks: 0, seconds: 0, chunksPerSecond: 0 };
		return {
			backend: 'postgres',
			chunks: storage.chunks,
			documents: 0,
			load: { seconds: 0, chunksPerSecond: 0, embedSeconds: 0, embedChunksPerSecond: 0 },
			vectorIndex: { buildSeconds: 0, sizeMb: round(storage.vectorIndexBytes / 2 ** 20), maintenanceWorkMem: '' },
			tableSizeMb: round(storage.tableBytes / 2 ** 20),
			keywordStatsMs: round(keywordStatsMs),
			latency: latencies,
			recall,
			ingestion: { empty: none, populated: none }
		};
	} finally {
		await current?.close();
		current = undefined;
	}
}

async function onPglite(size: number, w: Workload): Promise<RunReport> {
	current = await openDatabase({ kind: 'pglite', dataDir: 'memory' });
	try {
		await current.migrate();
		useDatabase(current);
		await seedSynonyms();
		return await benchmark('pglite', size, w);
	} finally {
		await current?.close();
		current = undefined;
	}
}

// ---------------------------------------------------------------------------------------------------------
// Report.

function targets(runs: RunReport[]) {
	const largestPostgres = runs.filter((r) => r.backend === 'postgres').sort((a, b) => b.chunks - a.chunks)[0];
	const minRecall = Math.min(...runs.map((r) => r.recall.atTen));
	const ingesting = runs.filter((r) => r.ingestion.empty.chunks > 0);
	const minIngest = (which: 'empty' | 'populated') =>
		Math.min(...ingesting.map((r) => r.ingestion[which].chunksPerSecond));
	return [
		largestPostgres && {
			name: `hybrid p95 ≤ ${TARGETS.hybridP95Ms} ms on PostgreSQL at ${largestPostgres.chunks.toLocaleString('en-GB')} chunks`,
			value: largestPostgres.latency.hybrid.p95Ms,
			met: largestPostgres.latency.hybrid.p95Ms <= TARGETS.hybridP95Ms
		},
		{
			name: `recall@10 ≥ ${TARGETS.recallAt10} (lowest of all runs)`,
			value: minRecall,
			met: minRecall >= TARGETS.recallAt10
		},
		...(['empty', 'populated'] as const).map(
			(which) =>
				ingesting.length > 0 && {
					name: `ingestion ≥ ${TARGETS.ingestChunksPerSecond} chunks/s into the ${which} library (lowest of all runs)`,
					value: minIngest(which),
					met: minIngest(which) >= TARGETS.ingestChunksPerSecond
				}
		)
	].filter((t): t is { name: string; value: number; met: boolean } => Boolean(t));
}

type Machine = { cpus: number; loadAverageAtStart: number; loadAverageAtEnd: number; seconds: number };

function printTable(runs: RunReport[], w: Workload, machine: Machine): void {
	const n = (x: number) => x.toLocaleString('en-GB');
	const rows: [string, (r: RunReport) => string][] = [
		['Chunks / documents', (r) => `${n(r.chunks)} / ${n(r.documents)}`],
		['Bulk load (embed + insert)', (r) => `${r.load.seconds.toFixed(1)} s, ${n(r.load.chunksPerSecond)}/s`],
		['  of which embedding', (r) => `${r.load.embedSeconds.toFixed(1)} s, ${n(r.load.embedChunksPerSecond)}/s`],
		['HNSW index build', (r) => `${r.vectorIndex.buildSeconds.toFixed(1)} s (${r.vectorIndex.maintenanceWorkMem})`],
		['Index / table size', (r) => `${n(r.vectorIndex.sizeMb)} / ${n(r.tableSizeMb)} MB`],
		['Keyword stats (ts_stat)', (r) => `${r.keywordStatsMs.toFixed(0)} ms`],
		...MODES.map(
			(mode) =>
				[
					`${mode[0].toUpperCase()}${mode.slice(1)} p50 / p95`,
					(r: RunReport) => `${r.latency[mode].p50Ms.toFixed(1)} / ${r.latency[mode].p95Ms.toFixed(1)} ms`
				] as [string, (r: RunReport) => string]
		),
		['HNSW recall@10', (r) => `${r.recall.atTen.toFixed(3)} (ties ${r.recall.atTenTieAware.toFixed(3)})`],
		['HNSW index used', (r) => (r.recall.indexUsed && r.recall.exactBypassesIndex ? 'yes (exact: seq scan)' : 'NO')],
		['Index / exact top-10', (r) => `${r.recall.indexMeanMs.toFixed(1)} / ${r.recall.exactMeanMs.toFixed(0)} ms`],
		...(['empty', 'populated'] as const).map(
			(which) =>
				[
					`Ingestion, ${which} library`,
					(r: RunReport) => {
						const i = r.ingestion[which];
						return i.chunks ? `${n(i.chunksPerSecond)}/s (${n(i.chunks)} in ${i.seconds.toFixed(1)} s)` : 'skipped';
					}
				] as [string, (r: RunReport) => string]
		)
	];
	const headers = runs.map((r) => `${r.backend} ${n(r.chunks)}`);
	const cells = rows.map(([, f]) => runs.map(f));
	const labelWidth = Math.max(...rows.map(([l]) => l.length));
	const widths = runs.map((_, i) => Math.max(headers[i].length, ...cells.map((c) => c[i].length)));
	const line = (label: string, values: string[]) =>
		`${label.padEnd(labelWidth)}  ${values.map((v, i) => v.padStart(widths[i])).join('  ')}`;
	stdout('Retrieval benchmark (synthetic guidance recombined from corpus/sample)');
	stdout(
		`Embedder ${w.embedder.id}; k = ${K}; ${w.queries.length} queries per mode after ${w.warmUp.length} warm-up; ` +
			`recall over ${runs[0]?.recall.queries ?? 0} query vectors with ef_search ${EF_SEARCH} and iterative scan`
	);
	stdout(
		`${machine.cpus} CPUs; 1-minute load average ${machine.loadAverageAtStart.toFixed(1)} at the start and ` +
			`${machine.loadAverageAtEnd.toFixed(1)} at the end (other work on the machine slows every figure); ` +
			`${machine.seconds.toFixed(0)} s in all`
	);
	stdout('');
	stdout(line('', headers));
	rows.forEach(([label], i) => stdout(line(label, cells[i])));
	stdout('');
	stdout('Targets');
	for (const t of targets(runs)) stdout(`  ${t.met ? 'met   ' : 'MISSED'}  ${t.name}: ${t.value}`);
}

async function main(): Promise<void> {
	const options = parseOptions();
	const started = performance.now();
	const loadAverageAtStart = os.loadavg()[0];
	const { sources, collections } = await loadSampleCorpus();
	const labelled = (await readFile('corpus/eval/retrieval-questions.jsonl', 'utf8'))
		.split('\n')
		.filter((l) => l.trim())
		.map((l) => (JSON.parse(l) as { question: string }).question);
	const embedder = await createEmbedder({ provider: 'local', cacheDir: getConfig().embeddings.cacheDir });
	useEmbedder(embedder);
	const rnd = seeded(2024);
	const w: Workload = {
		embedder,
		sources,
		collections,
		queries: buildQueries(rnd, options.queries, labelled, sources),
		warmUp: buildQueries(rnd, WARM_UP_QUERIES, [], sources),
		options
	};
	progress(`${sources.length} sample documents, ${sources.reduce((n, s) => n + s.sentences.length, 0)} sentences`);

	const runs: RunReport[] = [];
	if (options.reuse) {
		runs.push(await onKeptDatabase(options.databaseUrl, options.reuse, w));
	} else {
		for (const size of options.sizes) {
			const keep = options.keep && size === options.sizes.at(-1);
			runs.push(await onPostgres(options.databaseUrl, size, w, keep));
		}
		if (!options.skipPglite) runs.push(await onPglite(options.sizes[0], w));
	}
	await cleanUp();
	const machine: Machine = {
		cpus: os.cpus().length,
		loadAverageAtStart: round(loadAverageAtStart, 2),
		loadAverageAtEnd: round(os.loadavg()[0], 2),
		seconds: round((performance.now() - started) / 1000, 0)
	};
	progress(`finished in ${machine.seconds} s`);
	if (options.results) await writeFile(options.results, `${JSON.stringify(found, null, 1)}\n`);

	if (options.json) {
		stdout(
			JSON.stringify({
				embedder: embedder.id,
				k: K,
				queries: w.queries.length,
				warmUpQueries: w.warmUp.length,
				efSearch: EF_SEARCH,
				machine,
				runs,
				targets: targets(runs)
			})
		);
	} else {
		printTable(runs, w, machine);
	}
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		progress(`${signal}: dropping benchmark databases`);
		void cleanUp().finally(() => process.exit(130));
	});
}

try {
	await main();
} catch (e) {
	await cleanUp();
	fail(e);
}
