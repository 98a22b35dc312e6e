/**
 * The `npm run corpus` command as a person or a benchmark script uses it: a real process, with its
 * own embedded database (or the PostgreSQL database of this project run). Spawns are slow (a second
 * or two each), so each one checks as much as it sensibly can.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchPostgresDatabase } from '../helpers/test-db';

const onPostgres = process.env.TEST_DB === 'postgres';
const tsx = path.resolve('node_modules/.bin/tsx');
const fixtures = path.resolve('tests/fixtures/ingestion');
const spawnTimeout = 60_000;

let work: string;
let dataDir: string;
let postgres: { url: string; drop: () => Promise<void> } | undefined;

type Run = { code: number | null; stdout: string; stderr: string };

function corpus(args: string[], options: { dataDir?: string } = {}): Promise<Run> {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		DATA_DIR: options.dataDir ?? dataDir,
		// Empty values also stop a developer's .env from choosing another database or model.
		DATABASE_URL: options.dataDir ? '' : (postgres?.url ?? ''),
		EMBEDDINGS_PROVIDER: 'local',
		EMBEDDINGS_MODEL: '',
		EMBEDDINGS_CACHE_DIR: path.join(os.tmpdir(), 'nca-wink-cache')
	};
	delete env.EMBEDDINGS_DIMENSIONS;
	return new Promise((resolve) => {
		execFile(
			tsx,
			['scripts/corpus.ts', ...args],
			{
				cwd: path.resolve('.'),
				timeout: spawnTimeout,
				env
			},
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
				resolve({ code, stdout, stderr });
			}
		);
	});
}

function jsonLines(stdout: string): unknown[] {
	expect(stdout.endsWith('\n')).toBe(true);
	return stdout
		.slice(0, -1)
		.split('\n')
		.map((line) => JSON.parse(line));
}

const resultFields = [
	'chunkId',
	'collection',
	'documentId',
	'documentTitle',
	'heading',
	'rank',
	'score',
	'sourceUrl',
	'text',
	'version'
];

type SearchLine = {
	query: string;
	mode: string;
	tookMs: number;
	results: { rank: number; score: number; documentTitle: string; collection: string; text: string }[];
};

/** Commands refused before any database is opened, and the message each must give. */
function badInput(): [string[], string][] {
	return [
		[['search', 'flu', '--json', '--mode', 'fuzzy'], '--mode must be hybrid, vector or keyword'],
		[['search', 'flu', '--json', '--k', '0'], '--k must be a whole number from 1 to 100'],
		[['search', 'flu'], 'search prints JSON: add --json'],
		[['search', '--batch', path.join(work, 'missing.txt'), '--json'], 'missing.txt: cannot read the file'],
		[
			['ingest', path.join(work, 'missing.md'), '--collection', 'cli-guidance'],
			`${path.join(work, 'missing.md')}: no such file or folder`
		]
	];
}

/** `list` against an embedded database that another live process (this test runner, as a server would) holds. */
function lockedDatabaseRun(): Promise<Run> {
	const locked = path.join(work, 'locked');
	mkdirSync(locked, { recursive: true });
	writeFileSync(path.join(locked, 'pglite.lock'), String(process.pid));
	return corpus(['list', '--json'], { dataDir: locked });
}

let early: { badInput: Promise<Run[]>; locked: Promise<Run> | undefined };

function expectClearRefusal(run: Run, args: string[], message: string) {
	expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 1, stdout: '' });
	expect(run.stderr).toContain(message);
	// A message, not a stack trace.
	expect(run.stderr).not.toMatch(/\n\s+at /);
}

beforeAll(async () => {
	work = mkdtempSync(path.join(os.tmpdir(), 'nca-cli-test-'));
	dataDir = path.join(work, 'data');
	if (onPostgres) postgres = await createScratchPostgresDatabase();

	// A folder tree to ingest: nested folders, a broken file, and a hidden folder that is skipped.
	const library = path.join(work, 'library');
	mkdirSync(path.join(library, 'nested', 'deeper'), { recursive: true });
	mkdirSync(path.join(library, '.drafts'), { recursive: true });
	writeFileSync(
		path.join(library, 'hands.md'),
		'---\ntitle: Hand hygiene\nsource_url: https://www.nhs.uk/live-well/healthy-body/best-way-to-wash-your-hands/\n---\n\n# Hand hygiene\n\nWash your hands with soap and warm water for at least 20 seconds.\n'
	);
	copyFileSync(path.join(fixtures, 'winter-messages.txt'), path.join(library, 'nested', 'winter-messages.txt'));
	copyFileSync(path.join(fixtures, 'noisy-page.html'), path.join(library, 'nested', 'deeper', 'noisy-page.html'));
	copyFileSync(path.join(fixtures, 'truncated.pdf'), path.join(library, 'nested', 'deeper', 'truncated.pdf'));
	writeFileSync(path.join(library, '.drafts', 'ignored.md'), '# Not for the library\n\nScratch notes.\n');
	writeFileSync(
		path.join(work, 'parking.md'),
		'# Staff parking\n\nStaff parking permits are issued by the estates office.\n'
	);
	writeFileSync(
		path.join(work, 'queries.txt'),
		'where can I get the flu vaccine\n\nstaff parking permits\nkeep your home heated in cold weather\n'
	);

	// These never open the shared database, so they run alongside the ones that do (which take turns).
	early = {
		badInput: Promise.all(badInput().map(([args]) => corpus(args))),
		locked: onPostgres ? undefined : lockedDatabaseRun()
	};
}, 60_000);

afterAll(async () => {
	await postgres?.drop();
	if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm run corpus', { timeout: 120_000 }, () => {
	it('ingests a folder tree into a new collection, reporting each file and carrying on past a broken one', async () => {
		const run = await corpus(['ingest', path.join(work, 'library'), '--collection', 'cli-guidance']);

		expect(run.code).toBe(1);
		expect(run.stdout.trimEnd().split('\n')).toEqual([
			'ok      hands.md: added as "Hand hygiene" with 1 passages.',
			'ok      noisy-page.html: added as "Flu vaccine messages" with 3 passages.',
			expect.stringMatching(/^failed {2}truncated\.pdf: this PDF is damaged/),
			'ok      winter-messages.txt: added as "Winter health messages" with 2 passages.',
			'3 of 4 files ingested into "Cli guidance".'
		]);

		const draft = await corpus([
			'ingest',
			path.join(work, 'parking.md'),
			'--collection',
			'cli-guidance',
			'--draft',
			'--title',
			'Parking (draft)',
			'--source-url',
			'https://example.nhs.uk/parking'
		]);

		expect(draft).toMatchObject({ code: 0 });
		expect(draft.stdout).toContain('1 of 1 files ingested into "Cli guidance".');
	});

	it('lists the library as one JSON object', async () => {
		const run = await corpus(['list', '--json']);

		expect(run.code).toBe(0);
		const [list] = jsonLines(run.stdout) as [
			{ collections: { slug: string; name: string; documents: Record<string, unknown>[] }[] }
		];
		expect(list.collections.map((c) => [c.slug, c.name])).toEqual([['cli-guidance', 'Cli guidance']]);
		expect(list.collections[0].documents).toEqual([
			expect.objectContaining({ title: 'Flu vaccine messages', status: 'published', version: 1, chunks: 3 }),
			expect.objectContaining({
				title: 'Hand hygiene',
				status: 'published',
				sourceUrl: 'https://www.nhs.uk/live-well/healthy-body/best-way-to-wash-your-hands/'
			}),
			expect.objectContaining({
				title: 'Parking (draft)',
				status: 'draft',
				sourceUrl: 'https://example.nhs.uk/parking'
			}),
			expect.objectContaining({ title: 'Winter health messages', status: 'published' })
		]);
	});

	it('prints exactly one JSON object for a search, with the contract fields and nothing else', async () => {
		const run = await corpus(['search', 'how long should I wash my hands for', '--json']);

		expect(run.code).toBe(0);
		const lines = jsonLines(run.stdout) as SearchLine[];
		expect(lines).toHaveLength(1);
		const [search] = lines;
		expect(Object.keys(search).sort()).toEqual(['mode', 'query', 'results', 'tookMs']);
		expect(search).toMatchObject({ query: 'how long should I wash my hands for', mode: 'hybrid' });
		expect(search.tookMs).toBeGreaterThanOrEqual(0);
		expect(search.results.length).toBeGreaterThan(0);
		expect(search.results.length).toBeLessThanOrEqual(8);
		for (const r of search.results) expect(Object.keys(r).sort()).toEqual(resultFields);
		expect(search.results[0]).toMatchObject({
			rank: 1,
			documentTitle: 'Hand hygiene',
			heading: 'Hand hygiene',
			collection: 'cli-guidance',
			version: 1,
			sourceUrl: 'https://www.nhs.uk/live-well/healthy-body/best-way-to-wash-your-hands/',
			text: 'Wash your hands with soap and warm water for at least 20 seconds.'
		});
		expect(search.results.map((r) => r.rank)).toEqual(search.results.map((_, i) => i + 1));
	});

	it('answers a batch file with one line per query, in order, honouring --mode and --k', async () => {
		const run = await corpus([
			'search',
			'--batch',
			path.join(work, 'queries.txt'),
			'--mode',
			'keyword',
			'--k',
			'3',
			'--collection',
			'cli-guidance',
			'--json'
		]);

		expect(run.code).toBe(0);
		const lines = jsonLines(run.stdout) as SearchLine[];
		expect(lines.map((l) => [l.query, l.mode])).toEqual([
			['where can I get the flu vaccine', 'keyword'],
			['staff parking permits', 'keyword'],
			['keep your home heated in cold weather', 'keyword']
		]);
		for (const line of lines) expect(line.results.length).toBeLessThanOrEqual(3);
		expect(lines[0].results[0].documentTitle).toBe('Flu vaccine messages');
		expect(lines[0].results).toHaveLength(3);
		// The draft is not searchable.
		expect(lines[1].results.map((r) => r.documentTitle)).not.toContain('Parking (draft)');
		expect(lines[2].results[0].documentTitle).toBe('Winter health messages');
	});

	it('refuses an unknown collection with a clear message', async () => {
		const args = ['search', 'flu', '--collection', 'no-such-collection', '--json'];

		const run = await corpus(args);

		expectClearRefusal(run, args, 'There is no collection with the slug "no-such-collection"');
		expect(run.stderr).toContain('npm run corpus -- list');
	});

	it('refuses bad options and missing files with a clear message on stderr and nothing on stdout', async () => {
		const cases = badInput();
		const runs = await early.badInput;

		runs.forEach((run, i) => {
			expectClearRefusal(run, ...cases[i]);
			expect(run.stderr).toContain('Usage:');
		});
	});

	it.skipIf(onPostgres)('says the embedded database is in use when another process holds it', async () => {
		const run = await early.locked!;

		expectClearRefusal(run, ['list', '--json'], `is in use by another process (pid ${process.pid})`);
		expect(run.stderr).toContain('Stop that process and try again');
	});
});
