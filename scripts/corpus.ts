/**
 * `npm run corpus -- <command>`: the guidance library from the command line (same database as the app).
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { listCollections, listDocuments } from '../src/lib/server/db/queries/corpus';
import { collectionSlug, ensureCollection } from '../src/lib/server/ingestion/collections';
import { ingestFile } from '../src/lib/server/ingestion/pipeline';
import { reembedChunks } from '../src/lib/server/ingestion/reembed';
import { forgetAllEmbeddings } from '../src/lib/server/db/queries/retrieval';
import {
	searchGuidance,
	searchModes,
	UnknownCollectionError,
	type SearchMode
} from '../src/lib/server/retrieval/search';
import { UsageError, fail, withDatabase } from './cli-support';

const usage = `Usage:
  npm run corpus -- ingest <file-or-folder>... --collection <slug> [--title T] [--source-url U] [--draft]
  npm run corpus -- search "<query>" [--collection <slug>]... [--mode hybrid|vector|keyword] [--k N] --json
  npm run corpus -- search --batch <file> [--collection <slug>]... [--mode ...] [--k N] --json
  npm run corpus -- list [--json]
  npm run corpus -- reindex`;

// Machine-readable output owns stdout: anything a library logs goes to stderr instead.
const stdout = (line: string) => process.stdout.write(`${line}\n`);
console.log = (...args: unknown[]) => console.error(...args);

async function filesIn(target: string): Promise<string[]> {
	const info = await stat(target).catch(() => null);
	if (!info) throw new UsageError(`${target}: no such file or folder`, usage);
	if (info.isFile()) return [target];
	const out: string[] = [];
	for (const entry of (await readdir(target, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
		if (entry.name.startsWith('.')) continue;
		const full = path.join(target, entry.name);
		if (entry.isDirectory()) out.push(...(await filesIn(full)));
		else if (entry.isFile()) out.push(full);
	}
	return out;
}

async function ingest(targets: string[], v: Values) {
	if (!targets.length) throw new UsageError('Name at least one file or folder to ingest', usage);
	const slug = collectionSlug.safeParse(v.collection ?? '');
	if (!slug.success) throw new UsageError(`--collection: ${slug.error.issues[0].message}`, usage);
	const files = (await Promise.all(targets.map(filesIn))).flat();
	if (v.title && files.length > 1) throw new UsageError('--title can only be used with a single file', usage);
	await withDatabase(async () => {
		const collection = await ensureCollection(slug.data);
		let failed = 0;
		for (const file of files) {
			const result = await ingestFile({
				bytes: new Uint8Array(await readFile(file)),
				fileName: path.basename(file),
				collectionId: collection.id,
				title: v.title,
				sourceUrl: v['source-url'] ?? null,
				draft: v.draft ?? false,
				actorId: null
			});
			if (!result.ok) failed++;
			stdout(`${result.ok ? 'ok    ' : 'failed'}  ${result.message}`);
		}
		stdout(`${files.length - failed} of ${files.length} files ingested into "${collection.name}".`);
		if (failed) process.exitCode = 1;
	});
}

function searchOptions(v: Values) {
	const mode = (v.mode ?? 'hybrid') as SearchMode;
	if (!searchModes.includes(mode)) throw new UsageError('--mode must be hybrid, vector or keyword', usage);
	const k = v.k === undefined ? 8 : Number(v.k);
	if (!Number.isInteger(k) || k < 1 || k > 100) throw new UsageError('--k must be a whole number from 1 to 100', usage);
	return { mode, k, collections: v.collection ? [v.collection].flat() : [] };
}

/** A batch file holds one query per line; blank lines are skipped. */
async function readBatch(file: string): Promise<string[]> {
	const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
		throw new UsageError(`--batch ${file}: cannot read the file (${e.code ?? e.message})`, usage);
	});
	return text.split(/\r?\n/).filter((l) => l.trim());
}

async function search(positionals: string[], v: Values) {
	if (!v.json) throw new UsageError('search prints JSON: add --json', usage);
	const options = searchOptions(v);
	const queries = v.batch ? await readBatch(v.batch) : [positionals.join(' ')];
	if (!v.batch && !queries[0].trim()) throw new UsageError('Give a query in quotes, or --batch <file>', usage);
	await withDatabase(async () => {
		for (const query of queries) {
			const r = await searchGuidance({ query, ...options }).catch((e: unknown) => {
				if (e instanceof UnknownCollectionError) {
					throw new UsageError(`--collection: ${e.message}. See the collections with: npm run corpus -- list`, usage);
				}
				throw e;
			});
			stdout(
				JSON.stringify({
					query: r.query,
					mode: r.mode,
					tookMs: r.tookMs,
					results: r.results.map((h) => ({
						rank: h.rank,
						score: Number(h.score.toFixed(6)),
						chunkId: h.chunkId,
						documentId: h.documentId,
						documentTitle: h.documentTitle,
						heading: h.heading,
						collection: h.collection,
						version: h.version,
						sourceUrl: h.sourceUrl,
						text: h.text
					}))
				})
			);
		}
	});
}

async function list(v: Values) {
	await withDatabase(async () => {
		const [collections, documents] = await Promise.all([listCollections(), listDocuments()]);
		if (v.json) {
			stdout(
				JSON.stringify({
					collections: collections.map((c) => ({
						slug: c.slug,
						name: c.name,
						description: c.description,
						documents: documents
							.filter((d) => d.collectionId === c.id)
							.map((d) => ({
								id: d.id,
								title: d.title,
								status: d.status,
								version: d.currentVersion,
								chunks: d.chunkCount,
								reviewBy: d.reviewBy,
								sourceUrl: d.sourceUrl
							}))
					}))
				})
			);
			return;
		}
		if (!collections.length) stdout('The guidance library is empty.');
		for (const c of collections) {
			stdout(`${c.name} (${c.slug}): ${c.documentCount} documents`);
			for (const d of documents.filter((doc) => doc.collectionId === c.id)) {
				stdout(
					`  ${d.status.padEnd(9)} v${d.currentVersion}  ${String(d.chunkCount).padStart(3)} passages  ${d.title}`
				);
			}
		}
	});
}

async function reindex() {
	await withDatabase(async () => {
		await forgetAllEmbeddings();
		const done = await reembedChunks((n, total) => {
			process.stderr.write(`\rRe-embedding: ${n} of ${total} passages`);
		});
		process.stderr.write('\n');
		stdout(`Re-embedded ${done} passages with the current embedding model.`);
	});
}

type Values = {
	collection?: string | string[];
	title?: string;
	'source-url'?: string;
	draft?: boolean;
	mode?: string;
	k?: string;
	json?: boolean;
	batch?: string;
};

try {
	const { positionals, values } = parseArgs({
		allowPositionals: true,
		options: {
			collection: { type: 'string', multiple: true },
			title: { type: 'string' },
			'source-url': { type: 'string' },
			draft: { type: 'boolean' },
			mode: { type: 'string' },
			k: { type: 'string' },
			json: { type: 'boolean' },
			batch: { type: 'string' }
		}
	});
	const [command, ...rest] = positionals;
	const v: Values = { ...values, collection: values.collection };
	if (command === 'ingest') {
		if (Array.isArray(v.collection) && v.collection.length > 1)
			throw new UsageError('Give one --collection to ingest into', usage);
		await ingest(rest, { ...v, collection: v.collection?.[0] });
	} else if (command === 'search') await search(rest, v);
	else if (command === 'list') await list(v);
	else if (command === 'reindex') await reindex();
	else throw new UsageError(command ? `Unknown command: ${command}` : 'Name a command', usage);
} catch (e) {
	if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))
		fail(new UsageError(e.message, usage));
	fail(e);
}
