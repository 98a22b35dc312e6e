/**
 * Starts the built app (`node build`) as a child process on a free port, with its own empty database,
 * the way it runs in production. Each test file starts its own server so that the in-memory rate
 * limits of one file never leak into another.
 *
 * Database: a fresh PGlite directory (DATA_DIR) per server by default. When E2E_DATABASE_URL is set
 * (for example postgres://postgres@127.0.0.1:5432/postgres) each server instead gets a new, empty
 * PostgreSQL database created through that connection (so its role needs CREATEDB, and the server
 * needs pgvector installed), passed to the app as DATABASE_URL and dropped when the server stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';

declare module 'vitest' {
	export interface ProvidedContext {
		/** A migrated, empty PGlite DATA_DIR made once by the global setup, copied for each server. */
		pgliteTemplate?: string;
	}
}

/** The app to run: this checkout, or another built copy named by E2E_APP_DIR. */
const appDir = path.resolve(process.env.E2E_APP_DIR ?? path.join(import.meta.dirname, '../../..'));
const entry = path.join(appDir, 'build', 'index.js');
const STARTUP_TIMEOUT_MS = 45_000;
const STOP_GRACE_MS = 5_000;

export type TestServer = {
	origin: string;
	/** Everything the server has printed so far (for failure messages). */
	output(): string;
	/** SIGTERM, then SIGKILL if the process has not exited after STOP_GRACE_MS. */
	stop(): Promise<StopResult>;
};

export type StopResult = { code: number | null; signal: NodeJS.Signals | null; forced: boolean; ms: number };

export type ExitResult = { code: number | null; signal: NodeJS.Signals | null; output: string; timedOut: boolean };

/** Throws a clear message when the app has not been built yet. */
export function assertBuilt(): void {
	if (!existsSync(entry)) {
		throw new Error(`End-to-end tests run the built app, but ${entry} is missing. Run \`npm run build\` first.`);
	}
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.unref();
		probe.on('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() =>
				typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))
			);
		});
	});
}

/**
 * The environment the app is started with. Settings that change behaviour are pinned explicitly,
 * so that neither the developer's shell nor a local `.env` (which never overrides a set variable)
 * can point the tests at a real database or change the sign-up rules.
 */
function baseEnv(port: number): NodeJS.ProcessEnv {
	return {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		TZ: 'UTC',
		NODE_ENV: 'production',
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: `http://127.0.0.1:${port}`,
		COOKIE_SECURE: 'false',
		DATABASE_URL: '',
		ALLOWED_EMAIL_DOMAINS: '',
		SIGN_UP_ENABLED: 'true',
		// No model provider calls and no sample library: the tests start from an empty service.
		EMBEDDINGS_PROVIDER: 'local',
		SEED_SAMPLE_CORPUS: 'false'
	};
}

function spawnApp(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
	assertBuilt();
	// cwd matters: the app finds its SQL migrations relative to the working directory.
	const child = spawn(process.execPath, [entry], { cwd: appDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
	let text = '';
	child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
	return { child, output: () => text };
}

/** Runs `node build` with extra environment and waits for it to exit (or kills it after `timeoutMs`). */
export async function runAppUntilExit(extraEnv: Record<string, string>, timeoutMs = 20_000): Promise<ExitResult> {
	const { child, output } = spawnApp({ ...baseEnv(await freePort()), ...extraEnv });
	return new Promise((resolve) => {
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill('SIGKILL');
		}, timeoutMs);
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, output: output(), timedOut });
		});
	});
}

/** An empty database for the app, as the environment variables that point the app at it. */
export type TestDatabase = { env: Record<string, string>; remove(): Promise<void> };

function pgliteTemplate(): string | undefined {
	try {
		return inject('pgliteTemplate');
	} catch {
		return undefined; // Outside a test worker (the global setup itself).
	}
}

/**
 * A fresh PGlite directory, or a fresh PostgreSQL database when E2E_DATABASE_URL is set. A PGlite
 * directory starts as a copy of the global setup's migrated template when there is one: creating
 * and migrating an embedded database takes several times longer than opening a copy.
 */
export async function createDatabase(template = pgliteTemplate()): Promise<TestDatabase> {
	const adminUrl = process.env.E2E_DATABASE_URL;
	if (!adminUrl) {
		const dataDir = await mkdtemp(path.join(tmpdir(), 'nca-e2e-'));
		if (template) await cp(template, dataDir, { recursive: true });
		return { env: { DATA_DIR: dataDir }, remove: () => rm(dataDir, { recursive: true, force: true }) };
	}
	const name = `nca_e2e_${randomBytes(6).toString('hex')}`;
	const run = async (statement: string) => {
		const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
		try {
			await sql.unsafe(statement);
		} finally {
			await sql.end({ timeout: 5 });
		}
	};
	await run(`CREATE DATABASE ${name}`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return { env: { DATABASE_URL: url.toString() }, remove: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function waitForHealth(origin: string, child: ChildProcess, output: () => string): Promise<void> {
	const deadline = Date.now() + STARTUP_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`The app exited during start-up (code ${child.exitCode}).\n${output()}`);
		}
		try {
			const res = await fetch(`${origin}/health`, { signal: AbortSignal.timeout(2_000) });
			if (res.status === 200) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((r) => setTimeout(r, 150));
	}
	throw new Error(`The app did not answer GET /health with 200 within ${STARTUP_TIMEOUT_MS / 1000}s.\n${output()}`);
}

/**
 * Starts a server and waits until GET /health answers 200. It gets an empty database of its own,
 * removed when it stops, unless `database` is given (to start again on the same data).
 */
export async function startServer(extraEnv: Record<string, string> = {}, database?: TestDatabase): Promise<TestServer> {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	assertBuilt();
	const db = database ?? (await createDatabase());
	const { child, output } = spawnApp({ ...baseEnv(port), ...db.env, ...extraEnv });
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		child.once('exit', (code, signal) => resolve({ code, signal }))
	);

	const stop = async (): Promise<StopResult> => {
		let forced = false;
		const stoppingAt = Date.now();
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => {
				forced = true;
				child.kill('SIGKILL');
			}, STOP_GRACE_MS);
			await exited;
			clearTimeout(timer);
		}
		const ms = Date.now() - stoppingAt;
		if (!database) await db.remove().catch(() => {});
		return { ...(await exited), forced, ms };
	};

	try {
		await waitForHealth(origin, child, output);
	} catch (e) {
		await stop();
		throw e;
	}
	return { origin, output, stop };
}

/** Makes the migrated, empty PGlite directory that each server's database is copied from. */
export async function createPgliteTemplate(): Promise<TestDatabase> {
	const database = await createDatabase(undefined);
	try {
		// Even if the app had to be killed, the copy is usable: PostgreSQL recovers it on opening.
		await (await startServer({}, database)).stop();
		return database;
	} catch (e) {
		await database.remove();
		throw e;
	}
}
