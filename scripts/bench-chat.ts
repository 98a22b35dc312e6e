/**
 * `npm run bench:chat`: how much time the app itself adds before the first token of a grounded answer,
 * and how many answers it can stream at once.
 *
 *   npm run build && npm run bench:chat -- [--database-url URL] [--delay 100] [--levels 50,100,200]
 *                                           [--samples 40] [--grounding on|off] [--stream-seconds 10]
 *                                           [--json] [--profile] [--cpu-profile DIR] [--no-baseline]
 *   npm run bench:chat -- --instances 2 --database-url URL   (the "50 together" row, 1 vs 2 instances behind nginx)
 *
 * Starts the built app (`node build`) on a free loopback port with a temporary DATA_DIR (PGlite, after
 * `scripts/prepare.ts` has loaded the sample corpus so grounding has passages) and an OpenAI-compatible
 * stub (tests/helpers/openai-stub.ts) that waits `--delay` ms before its first token. It signs up, creates
 * chats and sends grounded messages over HTTP, measuring time to the first `token` event minus the stub's
 * delay: p50/p95 with 1 stream at a time, with 50 sent in the same instant (a worst case: every one
 * queues behind the others' retrieval on the one Node thread), and with about 50 in flight as people
 * arriving one after another make them (each answer streams for --stream-seconds, 10 by default, and a
 * new question arrives every fiftieth of that). It then ramps concurrency through `--levels`
 * and reports the highest level served with no errors and the server's RSS (VmRSS) at that load. With
 * `--database-url` the same runs against a fresh PostgreSQL database (created, then dropped). The client
 * and the stub share this process and this machine with the server, so the figures include their cost.
 *
 * The baseline: the same requests' shape (1 at a time, 50 together, 50 staggered) sent straight to the
 * model stub through a bare Node.js HTTP proxy in its own process (what any server in front of the model
 * needs at the least), measured the same way. `--profile` runs the server with LOG_LEVEL=debug and reads
 * its "turn phases" lines (src/lib/server/chat/turn-timing.ts) to print the time of each phase before
 * the first token, one stream at a time.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDatabase, openDatabase, useDatabase } from '../src/lib/server/db';
import { createBenchmarkDatabase, dropBenchmarkDatabase } from '../src/lib/server/db/queries/bench';
import { startOpenAIStub, type OpenAIStub } from '../tests/helpers/openai-stub';
import { runBaseline, type BaselineStream } from './bench-chat-baseline';

const root = path.resolve(import.meta.dirname, '..');
const buildEntry = path.join(root, 'build', 'index.js');
const STREAM_TIMEOUT_MS = 60_000;
const QUESTIONS = [
	'should I put 12pm or something else for lunchtime',
	'how can I tell if my draft sounds too stiff',
	'how should we write about the winter flu vaccine for older people',
	'what words should I avoid when writing for patients',
	'how do I write dates and times in a press release'
];

const { values: args } = parseArgs({
	options: {
		'database-url': { type: 'string' },
		delay: { type: 'string', default: '100' },
		levels: { type: 'string', default: '50,100,200' },
		samples: { type: 'string', default: '40' },
		grounding: { type: 'string', default: 'on' },
		json: { type: 'boolean', default: false },
		/** How long each answer streams in the staggered run (real answers take 10–30 s). */
		'stream-seconds': { type: 'string', default: '10' },
		/** Prints where the app's time before the first token goes, phase by phase (one stream at a time). */
		profile: { type: 'boolean', default: false },
		/** Writes a V8 CPU profile of the server (node --cpu-prof) into this folder when it stops. */
		'cpu-profile': { type: 'string' },
		/** Skips the bare-proxy baseline. */
		'no-baseline': { type: 'boolean', default: false },
		/** With --database-url: only the "50 together" row, for 1 and for this many instances behind nginx. */
		instances: { type: 'string' }
	}
});
const delayMs = Number(args.delay);
const levels = args.levels
	.split(',')
	.map(Number)
	.filter((n) => Number.isInteger(n) && n > 0 && n <= 1000);
const grounding = args.grounding !== 'off';
const samples = Math.min(Math.max(Number(args.samples) || 40, 5), 500);
const streamMs = Math.min(Math.max(Number(args['stream-seconds']) || 10, 1), 120) * 1000;
if (!Number.isFinite(delayMs) || delayMs < 0 || levels.length === 0) {
	console.error(
		'Usage: npm run bench:chat -- [--database-url URL] [--delay MS] [--levels 50,100,200] [--grounding on|off] [--json]'
	);
	process.exit(2);
}
if (!existsSync(buildEntry)) {
	console.error('No build found at build/index.js. Run `npm run build` first, then `npm run bench:chat`.');
	process.exit(1);
}

const progress = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Stream = { ok: boolean; appMs?: number; error?: string; requestId?: string };
/** One turn's phases before its first token, from the server's debug log (`--profile`). */
type PhaseLine = { requestId: string; phases: Record<string, number>; totalMs: number };
type Level = { concurrency: number; streams: number; errors: number; p50: number; p95: number; rssMb: number };
type Report = {
	database: 'pglite' | 'postgres';
	stubFirstTokenDelayMs: number;
	ttft: {
		concurrency: number;
		/** 'together': all sent in the same instant; 'staggered': arriving one after another, this many open. */
		arrival: 'one at a time' | 'together' | 'staggered';
		inFlight?: number;
		samples: number;
		p50: number;
		p95: number;
		max: number;
	}[];
	ramp: Level[];
	/** `--profile`: each phase's p50 and p95 ms, one stream at a time, and what was outside the turn. */
	phases?: { phase: string; p50: number; p95: number; mean: number }[];
	/** The server's CPU time per answer (whole request: session, turn, search, streaming, saving). */
	serverCpuMsPerStream: number;
	maxConcurrentWithoutErrors: number;
	rssMbAtMax: number;
};

function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

async function rssMb(pid: number): Promise<number> {
	try {
		const status = await readFile(`/proc/${pid}/status`, 'utf8');
		const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
		return Math.round(kb / 1024);
	} catch {
		return NaN;
	}
}

/** CPU time (user + system) the process has used so far, in ms: unlike wall time, other load on the machine does not inflate it. */
async function cpuMs(pid: number): Promise<number> {
	try {
		const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// utime and stime are fields 14 and 15 of /proc/PID/stat, in clock ticks (100 a second on Linux).
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return NaN;
	}
}

class App {
	cookie = '';
	constructor(
		readonly origin: string,
		readonly child: ChildProcess
	) {}

	headers(json = true): Record<string, string> {
		return { origin: this.origin, cookie: this.cookie, ...(json ? { 'content-type': 'application/json' } : {}) };
	}

	async waitUntilReady(): Promise<void> {
		const until = Date.now() + 60_000;
		while (Date.now() < until) {
			if (this.child.exitCode !== null) throw new Error(`The app exited with code ${this.child.exitCode}`);
			try {
				const res = await fetch(`${this.origin}/health`);
				await res.body?.cancel();
				if (res.status < 500) return;
			} catch {
				// Not listening yet.
			}
			await sleep(200);
		}
		throw new Error('The app did not start within 60 s');
	}

	async signUp(): Promise<void> {
		const form = new URLSearchParams({
			name: 'Bench Person',
			email: `bench-${randomBytes(4).toString('hex')}@nhs.net`,
			password: 'a long bench password 4 testing only'
		});
		const res = await fetch(`${this.origin}/sign-up`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: this.origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: form
		});
		const page = await res.text();
		const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
		if (res.status !== 303 || !cookies.length) {
			throw new Error(`Sign-up failed with HTTP ${res.status} ${page.slice(0, 300)}`);
		}
		this.cookie = cookies.join('; ');
		// Everyone accepts the acceptable-use statement before using the workspace (the API answers 403 until then).
		const statement = await fetch(`${this.origin}/api/acceptable-use`, { headers: this.headers(false) });
		if (statement.status === 404) return;
		if (statement.status !== 200)
			throw new Error(`Reading the acceptable-use statement failed: HTTP ${statement.status}`);
		const { version } = (await statement.json()) as { version: number };
		const accepted = await fetch(`${this.origin}/api/acceptable-use`, {
			method: 'POST',
			headers: this.headers(),
			body: JSON.stringify({ version })
		});
		await accepted.body?.cancel();
		if (accepted.status !== 200)
			throw new Error(`Accepting the acceptable-use statement failed: HTTP ${accepted.status}`);
	}

	async createChat(n: number): Promise<string> {
		const res = await fetch(`${this.origin}/api/chats`, {
			method: 'POST',
			headers: this.headers(),
			body: JSON.stringify({ title: `Bench chat ${n}` })
		});
		if (res.status !== 201) throw new Error(`Creating a chat failed with HTTP ${res.status}`);
		return ((await res.json()) as { id: string }).id;
	}

	/** Sends one grounded message and reads the whole answer; the app's time before the first token. */
	async stream(chatId: string, question: string): Promise<Stream> {
		const requestId = `bench-${randomBytes(8).toString('hex')}`;
		const started = performance.now();
		const signal = AbortSignal.timeout(STREAM_TIMEOUT_MS);
		try {
			const res = await fetch(`${this.origin}/api/chats/${chatId}/messages`, {
				method: 'POST',
				headers: { ...this.headers(), 'x-request-id': requestId },
				body: JSON.stringify({ content: question, useGuidance: grounding }),
				signal
			});
			if (res.status !== 200 || !res.body) {
				await res.body?.cancel();
				return { ok: false, error: `HTTP ${res.status}` };
			}
			let firstToken: number | undefined;
			let text = '';
			const decoder = new TextDecoder();
			for await (const part of res.body) {
				text += decoder.decode(part as Uint8Array, { stream: true });
				if (firstToken === undefined && text.includes('event: token')) firstToken = performance.now();
			}
			if (text.includes('event: error')) return { ok: false, error: 'error event' };
			if (!text.includes('"status":"complete"')) return { ok: false, error: 'answer did not complete' };
			if (firstToken === undefined) return { ok: false, error: 'no token' };
			return { ok: true, appMs: firstToken - started - delayMs, requestId };
		} catch (e) {
			return { ok: false, error: (e as Error).name === 'TimeoutError' ? 'timeout' : (e as Error).message };
		}
	}
}

/** Runs `count` streams at once (each on its own chat) while sampling the server's RSS. */
async function burst(app: App, stub: OpenAIStub, chats: string[], count: number) {
	for (let i = 0; i < count; i++) {
		stub.next({ kind: 'answer', chunks: ['Write "midday" ', 'rather than 12pm [1].'], firstTokenDelayMs: delayMs });
	}
	let peak = await rssMb(app.child.pid!);
	const cpuBefore = await cpuMs(app.child.pid!);
	let sampling = true;
	const sampler = (async () => {
		while (sampling) {
			peak = Math.max(peak, await rssMb(app.child.pid!));
			await sleep(50);
		}
	})();
	const results = await Promise.all(
		chats.slice(0, count).map((id, i) => app.stream(id, QUESTIONS[i % QUESTIONS.length]))
	);
	sampling = false;
	await sampler;
	const cpuPerStream = ((await cpuMs(app.child.pid!)) - cpuBefore) / count;
	return { results, rssMb: peak, cpuPerStream };
}

/**
 * `count` streams in flight at once in a steady state, as people arriving one after another would make
 * them: each answer lasts about `streamMs` (the stub's delay, then tokens spread out), a new stream
 * starts every streamMs / count ms, and twice `count` streams are started. Only the second half is
 * measured, when the earlier ones are still streaming. Returns them and the most seen in flight.
 */
async function staggered(app: App, stub: OpenAIStub, chats: string[], count: number) {
	const chunks = 20;
	const chunkDelayMs = Math.max(1, Math.round((streamMs - delayMs) / chunks));
	const words = Array.from({ length: chunks }, (_, i) => `word${i} `);
	for (let i = 0; i < count * 2; i++) {
		stub.next({ kind: 'answer', chunks: words, firstTokenDelayMs: delayMs, chunkDelayMs });
	}
	const gap = streamMs / count;
	let inFlight = 0;
	let most = 0;
	const runs: Promise<Stream>[] = [];
	const t0 = performance.now();
	for (let i = 0; i < count * 2; i++) {
		const wait = t0 + i * gap - performance.now();
		if (wait > 0) await sleep(wait);
		inFlight++;
		most = Math.max(most, inFlight);
		runs.push(
			app.stream(chats[i], QUESTIONS[i % QUESTIONS.length]).finally(() => {
				inFlight--;
			})
		);
	}
	const results = await Promise.all(runs);
	return { results: results.slice(count), mostInFlight: most };
}

function summarise(results: Stream[]) {
	const times = results
		.filter((r) => r.ok)
		.map((r) => r.appMs!)
		.sort((a, b) => a - b);
	const round = (n: number) => Math.round(n * 10) / 10;
	return {
		samples: times.length,
		p50: round(percentile(times, 50)),
		p95: round(percentile(times, 95)),
		max: round(times.at(-1) ?? NaN)
	};
}

/**
 * Per phase, over the one-at-a-time streams: the server's marks (the model's phase less the stub's
 * delay), and what the server did not see: HTTP, the hooks before the handler (session, acceptable
 * use), relaying the event and the client reading it (app time − the server's total less the delay).
 */
function phaseTable(streams: Stream[], lines: Map<string, PhaseLine>): NonNullable<Report['phases']> {
	const byPhase = new Map<string, number[]>();
	const add = (phase: string, ms: number) => byPhase.set(phase, [...(byPhase.get(phase) ?? []), ms]);
	for (const s of streams) {
		const line = s.ok && s.requestId ? lines.get(s.requestId) : undefined;
		if (!line) continue;
		for (const [phase, ms] of Object.entries(line.phases)) {
			add(
				phase.startsWith('model call') ? `${phase} − stub delay` : phase,
				phase.startsWith('model call') ? ms - delayMs : ms
			);
		}
		add('outside the handler (HTTP, hooks, client)', s.appMs! - (line.totalMs - delayMs));
		add('app time (client-measured)', s.appMs!);
	}
	const round = (n: number) => Math.round(n * 10) / 10;
	return [...byPhase.entries()].map(([phase, values]) => {
		const sorted = [...values].sort((a, b) => a - b);
		const mean = values.reduce((a, b) => a + b, 0) / values.length;
		return { phase, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), mean: round(mean) };
	});
}

async function stopApp(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((r) => child.once('exit', r));
	child.kill('SIGTERM');
	await Promise.race([exited, sleep(10_000)]);
	if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

async function benchmark(database: 'pglite' | 'postgres', databaseUrl?: string): Promise<Report> {
	const dataDir = await mkdtemp(path.join(os.tmpdir(), 'nca-bench-chat-'));
	const stub = await startOpenAIStub();
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const env: NodeJS.ProcessEnv = {
		...process.env,
		NODE_ENV: 'production',
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: origin,
		DATA_DIR: dataDir,
		SEED_SAMPLE_CORPUS: 'true',
		SIGN_UP_ENABLED: 'true',
		ALLOWED_EMAIL_DOMAINS: '',
		EMBEDDINGS_PROVIDER: 'local',
		EMBEDDINGS_CACHE_DIR: path.join(os.tmpdir(), 'nca-wink-cache'),
		CHAT_PROVIDER: 'openai',
		OPENAI_BASE_URL: stub.baseUrl,
		OPENAI_API_KEY: 'bench',
		CHAT_MODELS: 'stub-model=Stub model'
	};
	delete env.DATABASE_URL;
	if (databaseUrl) {
		env.DATABASE_URL = databaseUrl;
		env.DATABASE_POOL_MAX = '20';
	}
	let child: ChildProcess | undefined;
	try {
		progress(`${database}: preparing the database and loading the sample corpus…`);
		const prepared = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/prepare.ts'], {
			cwd: root,
			env,
			encoding: 'utf8',
			timeout: 300_000
		});
		if (prepared.status !== 0) throw new Error(`scripts/prepare.ts failed:\n${prepared.stderr || prepared.stdout}`);

		const cpuProfile = args['cpu-profile'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args['cpu-profile'])}`] : [];
		const serverEnv = args.profile ? { ...env, LOG_LEVEL: 'debug' } : env;
		child = spawn(process.execPath, [...cpuProfile, buildEntry], {
			cwd: root,
			env: serverEnv,
			stdio: ['ignore', args.profile ? 'pipe' : 'ignore', 'pipe']
		});
		const phaseLines = new Map<string, PhaseLine>();
		if (args.profile) {
			let partial = '';
			child.stdout!.on('data', (d: Buffer) => {
				const lines = (partial + d.toString()).split('\n');
				partial = lines.pop() ?? '';
				for (const line of lines) {
					if (!line.includes('"turn phases"')) continue;
					const entry = JSON.parse(line) as PhaseLine;
					phaseLines.set(entry.requestId, entry);
				}
			});
		}
		let serverErrors = '';
		child.stderr!.on('data', (d: Buffer) => {
			serverErrors = (serverErrors + d.toString()).slice(-4000);
		});
		const app = new App(origin, child);
		await app.waitUntilReady().catch((e: Error) => {
			throw new Error(`${e.message}\n${serverErrors.trim()}`);
		});
		await app.signUp();
		const maxLevel = Math.max(100, ...levels);
		const chats: string[] = [];
		for (let i = 0; i < maxLevel; i++) chats.push(await app.createChat(i));
		progress(`${database}: app on ${origin} (pid ${child.pid}), ${chats.length} chats; warming up…`);
		for (let i = 0; i < 3; i++) await burst(app, stub, chats, 1);

		const ttft: Report['ttft'] = [];
		let serverCpuMsPerStream = NaN;
		const single: Stream[] = [];
		let cpu = 0;
		for (let i = 0; i < samples; i++) {
			const one = await burst(app, stub, chats, 1);
			single.push(...one.results);
			cpu += one.cpuPerStream;
		}
		serverCpuMsPerStream = Math.round((cpu / samples) * 10) / 10;
		const phases = args.profile ? phaseTable(single, phaseLines) : undefined;
		progress(`${database}: server CPU per answered stream ${serverCpuMsPerStream} ms (10 ms resolution, averaged)`);
		ttft.push({ concurrency: 1, arrival: 'one at a time', ...summarise(single) });
		progress(`${database}: 1 stream: p50 ${ttft[0].p50} ms, p95 ${ttft[0].p95} ms`);
		const fifty: Stream[] = [];
		for (let round = 0; round < 3; round++) fifty.push(...(await burst(app, stub, chats, 50)).results);
		ttft.push({ concurrency: 50, arrival: 'together', ...summarise(fifty) });
		progress(`${database}: 50 streams arriving together: p50 ${ttft[1].p50} ms, p95 ${ttft[1].p95} ms`);
		const steady = await staggered(app, stub, chats, 50);
		ttft.push({ concurrency: 50, arrival: 'staggered', ...summarise(steady.results), inFlight: steady.mostInFlight });
		progress(
			`${database}: 50 streams in flight (staggered arrivals, up to ${steady.mostInFlight} open): p50 ${ttft[2].p50} ms, p95 ${ttft[2].p95} ms`
		);

		const ramp: Level[] = [];
		for (const level of levels) {
			const { results, rssMb: peak } = await burst(app, stub, chats, level);
			const errors = results.filter((r) => !r.ok);
			const s = summarise(results);
			ramp.push({ concurrency: level, streams: level, errors: errors.length, p50: s.p50, p95: s.p95, rssMb: peak });
			progress(
				`${database}: ${level} streams: ${errors.length} errors${errors.length ? ` (${errors[0].error})` : ''}, p95 ${s.p95} ms, RSS ${peak} MB`
			);
			if (errors.length) {
				if (serverErrors.trim()) progress(`server stderr (tail):\n${serverErrors.slice(-1000)}`);
				break;
			}
		}
		const best = ramp.filter((l) => l.errors === 0).at(-1);
		return {
			database,
			stubFirstTokenDelayMs: delayMs,
			ttft,
			ramp,
			phases,
			serverCpuMsPerStream,
			maxConcurrentWithoutErrors: best?.concurrency ?? 0,
			rssMbAtMax: best?.rssMb ?? NaN
		};
	} finally {
		if (child) await stopApp(child);
		await stub.close();
		await rm(dataDir, { recursive: true, force: true });
	}
}

async function withPostgres<T>(url: string, work: (url: string) => Promise<T>): Promise<T> {
	const name = `nca_bench_${randomBytes(5).toString('hex')}`;
	const admin = await openDatabase({ kind: 'postgres', url, poolMax: 1 });
	useDatabase(admin);
	await createBenchmarkDatabase(name);
	progress(`postgres: created database ${name}`);
	try {
		const u = new URL(url);
		u.pathname = `/${name}`;
		return await work(u.toString());
	} finally {
		useDatabase(admin);
		await dropBenchmarkDatabase(name).catch((e) => progress(`could not drop ${name}: ${(e as Error).message}`));
		progress(`postgres: dropped database ${name}`);
		await closeDatabase();
	}
}

type Baseline = Report['ttft'];

/** The bare-proxy baseline in the same three shapes (its own stub, the same delay). */
async function baseline(): Promise<Baseline> {
	const stub = await startOpenAIStub();
	try {
		progress('baseline: a bare HTTP proxy in front of the same stub…');
		const runs = await runBaseline(stub, { delayMs, samples, streamMs });
		const asStreams = (r: BaselineStream[]): Stream[] => r.map((x) => ({ ok: x.ok, appMs: x.ms }));
		return [
			{ concurrency: 1, arrival: 'one at a time', ...summarise(asStreams(runs.single)) },
			{ concurrency: 50, arrival: 'together', ...summarise(asStreams(runs.together)) },
			{ concurrency: 50, arrival: 'staggered', ...summarise(asStreams(runs.staggered)) }
		];
	} finally {
		await stub.close();
	}
}

/** App against bare proxy, per shape: p95 of the time added (less the delay) and of the whole time to first token. */
function ratios(reports: Report[], base: Baseline): string[] {
	const out = [
		'',
		'Against the bare proxy (p95): time added before the first token, and whole time to first token (with the stub delay)',
		'database  concurrency  arrival        app ms  proxy ms  ratio   app+delay  proxy+delay  ratio'
	];
	for (const r of reports) {
		for (const t of r.ttft) {
			const b = base.find((x) => x.concurrency === t.concurrency && x.arrival === t.arrival);
			if (!b) continue;
			const f = (n: number) => String(Math.round(n * 100) / 100);
			out.push(
				`${r.database.padEnd(8)}  ${String(t.concurrency).padStart(11)}  ${t.arrival.padEnd(13)}  ${String(t.p95).padStart(6)}  ${String(b.p95).padStart(8)}  ${f(t.p95 / b.p95).padStart(5)}   ${f(t.p95 + delayMs).padStart(9)}  ${f(b.p95 + delayMs).padStart(11)}  ${f((t.p95 + delayMs) / (b.p95 + delayMs)).padStart(5)}`
			);
		}
	}
	return out;
}

function phaseLines(reports: Report[]): string[] {
	return reports.flatMap((r) =>
		r.phases
			? [
					'',
					`${r.database}: phases before the first token, one stream at a time (ms)`,
					'phase                                                     p50     p95    mean',
					...r.phases.map(
						(p) =>
							`${p.phase.padEnd(54)}  ${String(p.p50).padStart(6)}  ${String(p.p95).padStart(6)}  ${String(p.mean).padStart(6)}`
					)
				]
			: []
	);
}

function table(reports: Report[], base?: Baseline): string {
	const lines = [
		`Stub waits ${delayMs} ms before its first token; "app ms" = time to first token event − that delay. Grounding ${grounding ? 'on' : 'off'}.`,
		'',
		'database  concurrency  arrival        samples  app p50 ms  app p95 ms  app max ms',
		...reports.flatMap((r) =>
			r.ttft.map(
				(t) =>
					`${r.database.padEnd(8)}  ${String(t.concurrency).padStart(11)}  ${t.arrival.padEnd(13)}  ${String(t.samples).padStart(7)}  ${String(t.p50).padStart(10)}  ${String(t.p95).padStart(10)}  ${String(t.max).padStart(10)}`
			)
		),
		`(together: all sent in the same instant; staggered: one arriving every ${streamMs / 50} ms while earlier answers, each streaming for ${streamMs / 1000} s, are still open: about 50 in flight)`,
		'',
		'database  concurrent streams  errors  app p50 ms  app p95 ms  server RSS MB',
		...reports.flatMap((r) =>
			r.ramp.map(
				(l) =>
					`${r.database.padEnd(8)}  ${String(l.concurrency).padStart(18)}  ${String(l.errors).padStart(6)}  ${String(l.p50).padStart(10)}  ${String(l.p95).padStart(10)}  ${String(l.rssMb).padStart(13)}`
			)
		),
		'',
		...reports.map(
			(r) =>
				`${r.database}: highest concurrency with zero errors ${r.maxConcurrentWithoutErrors}, server RSS ${r.rssMbAtMax} MB, server CPU ${r.serverCpuMsPerStream} ms per answer`
		),
		...(base
			? [
					'',
					'bare proxy  concurrency  arrival        samples  p50 ms  p95 ms  max ms',
					...base.map(
						(t) =>
							`bare proxy  ${String(t.concurrency).padStart(11)}  ${t.arrival.padEnd(13)}  ${String(t.samples).padStart(7)}  ${String(t.p50).padStart(6)}  ${String(t.p95).padStart(6)}  ${String(t.max).padStart(6)}`
					),
					...ratios(reports, base)
				]
			: []),
		...phaseLines(reports)
	];
	return lines.join('\n');
}

if (args.instances) {
	const instances = Number(args.instances);
	if (!Number.isInteger(instances) || instances < 1 || instances > 8 || !args['database-url']) {
		console.error('Usage: npm run bench:chat -- --instances 2 --database-url postgres://… [--delay MS]');
		process.exit(2);
	}
	try {
		const { benchInstances, instancesTable } = await import('./bench-chat-instances');
		const rows = await benchInstances({ instances, databaseUrl: args['database-url'], delayMs });
		console.log(args.json ? JSON.stringify({ rows }, null, 2) : instancesTable(rows, delayMs));
		process.exit(0);
	} catch (e) {
		console.error(`bench:chat failed: ${(e as Error).message}`);
		process.exit(1);
	}
}

try {
	const base = args['no-baseline'] ? undefined : await baseline();
	const reports: Report[] = [await benchmark('pglite')];
	const url = args['database-url'];
	if (url) reports.push(await withPostgres(url, (dbUrl) => benchmark('postgres', dbUrl)));
	console.log(args.json ? JSON.stringify({ reports, baseline: base }, null, 2) : table(reports, base));
	process.exit(0);
} catch (e) {
	console.error(`bench:chat failed: ${(e as Error).message}`);
	process.exit(1);
}
