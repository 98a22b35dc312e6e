import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { AppConfig } from '../config';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseHandle = {
	db: Database;
	kind: 'pglite' | 'postgres';
	/** Applies pending SQL migrations from `migrations/` (idempotent). */
	migrate(): Promise<void>;
	/**
	 * Subscribes to a PostgreSQL notification channel (LISTEN). Every process sharing the database hears
	 * every NOTIFY on it, including its own. Returns a function that unsubscribes.
	 */
	listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
	/** Sends a notification (NOTIFY) to every listener on the channel, in every process. */
	notify(channel: string, payload: string): Promise<void>;
	close(): Promise<void>;
};

/** The embedded database is a directory that only one process may open at a time. */
export class DatabaseInUseError extends Error {
	constructor(dataDir: string, pid: number) {
		super(
			`The embedded database in ${dataDir} is in use by another process (pid ${pid}), ` +
				'usually a running NHS Comms Assist server. Stop that process and try again, ' +
				'or set DATABASE_URL to use PostgreSQL, which many processes can share.'
		);
		this.name = 'DatabaseInUseError';
	}
}

/** A connection problem explained for the person running the app, without the password. */
export class DatabaseConnectionError extends Error {
	constructor(target: string, cause: unknown) {
		// Drivers wrap the socket error ("Failed query: select 1"); the innermost cause says what happened.
		let inner: unknown = cause;
		while (inner instanceof Error && inner.cause instanceof Error) inner = inner.cause;
		const reason = inner instanceof Error ? inner.message || (inner as NodeJS.ErrnoException).code : String(inner);
		super(`Could not connect to the database at ${target}: ${reason}`);
		this.name = 'DatabaseConnectionError';
	}
}

const migrationsFolder = path.resolve('migrations');
/** The advisory lock id that instances migrating one PostgreSQL database take turns on ("NCAMIGR"). */
const MIGRATION_LOCK = 4_277_809_473;

/**
 * Whether a process is still running. A process that has exited but not been reaped (a zombie) is
 * not: in a container whose first process does not reap orphans, a stopped server stays a zombie
 * for ever, and `kill(pid, 0)` alone would report its lock as held.
 */
export function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
	try {
		// /proc/<pid>/stat is "pid (name) state …"; the name may contain spaces and brackets.
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
		return state !== 'Z' && state !== 'X';
	} catch {
		// No /proc (not Linux), or the process ended in between: trust kill(pid, 0).
		return existsSync(`/proc/${pid}`) || !existsSync('/proc/self');
	}
}

/** Takes the embedded database's lock file (`<dataDir>.lock`, holding the pid); returns its release. */
export function acquireLock(dataDir: string): () => void {
	const lockFile = `${dataDir}.lock`;
	try {
		const pid = Number(readFileSync(lockFile, 'utf8').trim());
		if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isRunning(pid)) {
			throw new DatabaseInUseError(dataDir, pid);
		}
	} catch (e) {
		if (e instanceof DatabaseInUseError) throw e;
		// No lock file, or a stale one from a process that has gone: take it.
	}
	mkdirSync(path.dirname(lockFile), { recursive: true });
	writeFileSync(lockFile, String(process.pid));
	const release = () => {
		try {
			if (readFileSync(lockFile, 'utf8').trim() === String(process.pid)) rmSync(lockFile);
		} catch {
			// Already gone.
		}
	};
	process.once('exit', release);
	return release;
}

function redact(url: string): string {
	try {
		const u = new URL(url);
		if (u.password) u.password = '***';
		return u.toString();
	} catch {
		return 'the configured DATABASE_URL';
	}
}

async function openPglite(dataDir: string | 'memory'): Promise<DatabaseHandle> {
	const [{ PGlite }, { vector }, { drizzle }, { migrate }] = await Promise.all([
		import('@electric-sql/pglite'),
		import('@electric-sql/pglite-pgvector'),
		import('drizzle-orm/pglite'),
		import('drizzle-orm/pglite/migrator')
	]);
	const release = dataDir === 'memory' ? () => {} : acquireLock(dataDir);
	try {
		if (dataDir !== 'memory') mkdirSync(dataDir, { recursive: true });
		const client = await PGlite.create(dataDir === 'memory' ? undefined : dataDir, {
			extensions: { vector }
		});
		const db = drizzle({ client, schema, casing: 'snake_case' });
		return {
			db: db as unknown as Database,
			kind: 'pglite',
			migrate: () => migrate(db, { migrationsFolder }),
			async listen(channel, onMessage) {
				const unsubscribe = await client.listen(channel, onMessage);
				return () => unsubscribe();
			},
			async notify(channel, payload) {
				await client.query('select pg_notify($1, $2)', [channel, payload]);
			},
			async close() {
				await client.close();
				release();
			}
		};
	} catch (e) {
		release();
		throw e;
	}
}

async function openPostgres(url: string, poolMax: number): Promise<DatabaseHandle> {
	const [{ default: postgres }, { drizzle }, { migrate }] = await Promise.all([
		import('postgres'),
		import('drizzle-orm/postgres-js'),
		import('drizzle-orm/postgres-js/migrator')
	]);
	const client = postgres(url, {
		max: poolMax,
		connect_timeout: 10,
		onnotice: () => {},
		connection: { TimeZone: 'UTC' }
	});
	const db = drizzle({ client, schema, casing: 'snake_case' });
	try {
		await db.execute(sql`select 1`);
	} catch (e) {
		await client.end({ timeout: 1 }).catch(() => {});
		throw new DatabaseConnectionError(redact(url), e);
	}
	return {
		db: db as unknown as Database,
		kind: 'postgres',
		async migrate() {
			// Instances starting together take turns: the first applies the migrations, the others then find
			// nothing to do. The lock is held by one connection of its own for the whole run.
			const lock = postgres(url, { max: 1, connect_timeout: 10, onnotice: () => {} });
			try {
				await lock.unsafe(`select pg_advisory_lock(${MIGRATION_LOCK})`);
				await migrate(db, { migrationsFolder });
			} finally {
				await lock.end({ timeout: 5 }).catch(() => {});
			}
		},
		async listen(channel, onMessage) {
			// postgres.js keeps one extra connection for all listeners and re-subscribes after a reconnect.
			const { unlisten } = await client.listen(channel, onMessage);
			return unlisten;
		},
		async notify(channel, payload) {
			await client.notify(channel, payload);
		},
		close: () => client.end({ timeout: 5 })
	};
}

/** Opens the database the configuration names: PGlite in DATA_DIR by default, PostgreSQL with DATABASE_URL. */
export function openDatabase(
	database: AppConfig['database'] | { kind: 'pglite'; dataDir: 'memory' }
): Promise<DatabaseHandle> {
	return database.kind === 'postgres' ? openPostgres(database.url, database.poolMax) : openPglite(database.dataDir);
}
