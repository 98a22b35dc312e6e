/**
 * `npm run bench:chat -- --instances N --database-url URL`: the "50 questions sent in the same instant"
 * row for one instance and for N instances, each behind Debian's nginx (the configuration CI uses), on a
 * fresh PostgreSQL database each (created, prepared with the sample corpus, then dropped). Time to the
 * first token minus the stub model's delay, as in the rest of bench:chat. Everything (nginx, the
 * instances, the stub and this client) shares one machine, so the figures include their cost.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { closeDatabase, openDatabase, useDatabase } from '../src/lib/server/db';
import { createBenchmarkDatabase, dropBenchmarkDatabase } from '../src/lib/server/db/queries/bench';
import { startOpenAIStub, type OpenAIStub } from '../tests/helpers/openai-stub';
import { NGINX, startNginx } from '../tests/e2e/support/cluster';
import { freePort } from '../tests/e2e/support/server';

const root = path.resolve(import.meta.dirname, '..');
const QUESTIONS = [
	'should I put 12pm or something else for lunchtime',
	'how can I tell if my draft sounds too stiff',
	'how should we write about the winter flu vaccine for older people',
	'what words should I avoid when writing for patients',
	'how do I write dates and times in a press release'
];
const ROUNDS = 3;
const TOGETHER = 50;

export type InstancesRow = {
	instances: number;
	samples: number;
	errors: number;
	p50: number;
	p95: number;
	max: number;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const progress = (line: string) => process.stderr.write(`${line}\n`);

function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function signUp(origin: string): Promise<string> {
	const res = await fetch(`${origin}/sign-up`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			name: 'Bench Person',
			email: `bench-${randomBytes(4).toString('hex')}@nhs.net`,
			password: 'a long bench password 4 testing only'
		})
	});
	await res.body?.cancel();
	const cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	if (res.status !== 303 || !cookie) throw new Error(`Sign-up failed with HTTP ${res.status}`);
	const headers = { origin, cookie, 'content-type': 'application/json' };
	const { version } = (await (await fetch(`${origin}/api/acceptable-use`, { headers })).json()) as { version: number };
	const accepted = await fetch(`${origin}/api/acceptable-use`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ version })
	});
	await accepted.body?.cancel();
	return cookie;
}

/** One grounded question; the app's time before the first token, or an error. */
async function ask(origin: string, cookie: string, chatId: string, question: string, delayMs: number) {
	const started = performance.now();
	try {
		const res = await fetch(`${origin}/api/chats/${chatId}/messages`, {
			method: 'POST',
			headers: { origin, cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ content: question, useGuidance: true }),
			signal: AbortSignal.timeout(60_000)
		});
		if (res.status !== 200 || !res.body) return { ok: false as const };
		let first: number | undefined;
		let text = '';
		const decoder = new TextDecoder();
		for await (const part of res.body) {
			text += decoder.decode(part as Uint8Array, { stream: true });
			if (first === undefined && text.includes('event: token')) first = performance.now();
		}
		if (first === undefined || !text.includes('"status":"complete"')) return { ok: false as const };
		return { ok: true as const, appMs: first - started - delayMs };
	} catch {
		return { ok: false as const };
	}
}

function startInstance(env: NodeJS.ProcessEnv): ChildProcess {
	return spawn(process.execPath, [path.join(root, 'build', 'index.js')], { cwd: root, env, stdio: 'ignore' });
}

async function stopAll(children: ChildProcess[]): Promise<void> {
	await Promise.all(
		children.map(async (child) => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			await Promise.race([exited, sleep(15_000)]);
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		})
	);
}

async function measure(count: number, databaseUrl: string, stub: OpenAIStub, delayMs: number): Promise<InstancesRow> {
	const proxyPort = await freePort();
	const origin = `http://127.0.0.1:${proxyPort}`;
	const env: NodeJS.ProcessEnv = {
		...process.env,
		NODE_ENV: 'production',
		HOST: '127.0.0.1',
		ORIGIN: origin,
		ADDRESS_HEADER: 'X-Forwarded-For',
		XFF_DEPTH: '1',
		DATABASE_URL: databaseUrl,
		DATABASE_POOL_MAX: '20',
		SEED_SAMPLE_CORPUS: 'true',
		SIGN_UP_ENABLED: 'true',
		ALLOWED_EMAIL_DOMAINS: '',
		EMBEDDINGS_PROVIDER: 'local',
		EMBEDDINGS_CACHE_DIR: path.join(os.tmpdir(), 'nca-wink-cache'),
		CHAT_PROVIDER: 'openai',
		OPENAI_BASE_URL: stub.baseUrl,
		OPENAI_API_KEY: 'bench',
		CHAT_MODELS: 'stub-model=Stub model',
		LOG_LEVEL: 'warn'
	};
	progress(`${count} instance(s): preparing the database and loading the sample corpus…`);
	const prepared = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/prepare.ts'], {
		cwd: root,
		env,
		encoding: 'utf8',
		timeout: 300_000
	});
	if (prepared.status !== 0) throw new Error(`scripts/prepare.ts failed:\n${prepared.stderr || prepared.stdout}`);
	const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
	const children = ports.map((port) => startInstance({ ...env, PORT: String(port) }));
	let proxy: Awaited<ReturnType<typeof startNginx>> | undefined;
	try {
		for (const port of ports) {
			for (let ready = false; !ready; await sleep(200)) {
				ready = await fetch(`http://127.0.0.1:${port}/ready`).then(
					(r) => r.ok,
					() => false
				);
			}
		}
		proxy = await startNginx(proxyPort, ports);
		const cookie = await signUp(origin);
		const chats: string[] = [];
		for (let i = 0; i < TOGETHER; i++) {
			const res = await fetch(`${origin}/api/chats`, {
				method: 'POST',
				headers: { origin, cookie, 'content-type': 'application/json' },
				body: JSON.stringify({ title: `Bench chat ${i}` })
			});
			chats.push(((await res.json()) as { id: string }).id);
		}
		const round = async (n: number) => {
			for (let i = 0; i < n; i++) {
				stub.next({ kind: 'answer', chunks: ['Write "midday" ', 'rather than 12pm [1].'], firstTokenDelayMs: delayMs });
			}
			return Promise.all(
				chats.slice(0, n).map((id, i) => ask(origin, cookie, id, QUESTIONS[i % QUESTIONS.length], delayMs))
			);
		};
		// Warm every instance (its embedder, its prompt files) before measuring.
		for (let i = 0; i < 3 * count; i++) await round(1);
		const results = [];
		for (let r = 0; r < ROUNDS; r++) results.push(...(await round(TOGETHER)));
		const times = results.flatMap((r) => (r.ok ? [r.appMs] : [])).sort((x, y) => x - y);
		const round1 = (n: number) => Math.round(n * 10) / 10;
		const row = {
			instances: count,
			samples: times.length,
			errors: results.length - times.length,
			p50: round1(percentile(times, 50)),
			p95: round1(percentile(times, 95)),
			max: round1(times.at(-1) ?? NaN)
		};
		progress(`${count} instance(s): 50 together: p50 ${row.p50} ms, p95 ${row.p95} ms, ${row.errors} errors`);
		return row;
	} finally {
		await proxy?.stop();
		await stopAll(children);
	}
}

/** Runs the row for 1 and for `instances` instances, each on its own fresh database. */
export async function benchInstances(options: {
	instances: number;
	databaseUrl: string;
	delayMs: number;
}): Promise<InstancesRow[]> {
	if (!(await import('node:fs')).existsSync(NGINX)) throw new Error(`${NGINX} is missing (apt-get install nginx)`);
	const admin = await openDatabase({ kind: 'postgres', url: options.databaseUrl, poolMax: 1 });
	useDatabase(admin);
	const stub = await startOpenAIStub();
	const rows: InstancesRow[] = [];
	try {
		for (const count of [...new Set([1, options.instances])]) {
			const name = `nca_bench_${randomBytes(5).toString('hex')}`;
			await createBenchmarkDatabase(name);
			try {
				const url = new URL(options.databaseUrl);
				url.pathname = `/${name}`;
				rows.push(await measure(count, url.toString(), stub, options.delayMs));
			} finally {
				useDatabase(admin);
				await dropBenchmarkDatabase(name).catch((e) => progress(`could not drop ${name}: ${(e as Error).message}`));
			}
		}
	} finally {
		await stub.close();
		await closeDatabase();
	}
	return rows;
}

export function instancesTable(rows: InstancesRow[], delayMs: number): string {
	return [
		`50 questions sent in the same instant, through nginx, on PostgreSQL; stub waits ${delayMs} ms before its first token; "app ms" = time to first token event − that delay (${ROUNDS} rounds).`,
		'',
		'instances  samples  errors  app p50 ms  app p95 ms  app max ms',
		...rows.map(
			(r) =>
				`${String(r.instances).padStart(9)}  ${String(r.samples).padStart(7)}  ${String(r.errors).padStart(6)}  ${String(r.p50).padStart(10)}  ${String(r.p95).padStart(10)}  ${String(r.max).padStart(10)}`
		)
	].join('\n');
}
