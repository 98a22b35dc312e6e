/**
 * A fresh, migrated database for one integration test file: in-memory PGlite when TEST_DB=pglite,
 * a throwaway PostgreSQL database when TEST_DB=postgres. It becomes the process-wide database, so
 * the named query functions under test use it.
 */
import { randomBytes } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import postgres from 'postgres';
import { closeDatabase, openDatabase, useDatabase, type DatabaseHandle } from '$lib/server/db';

/** `url`: PostgreSQL only, for a second process (another instance) to open the same database. */
export type TestDatabase = { handle: DatabaseHandle; teardown: () => Promise<void>; url?: string };

function adminClient(url: string) {
	return postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
}

function postgresBaseUrl(): string {
	const baseUrl = process.env.TEST_DATABASE_URL;
	if (!baseUrl)
		throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/postgres');
	return baseUrl;
}

/** A new, empty PostgreSQL database, e.g. for a command-line process under test to connect to. */
export async function createScratchPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
	const baseUrl = postgresBaseUrl();
	const name = `nca_test_${randomBytes(6).toString('hex')}`;
	const admin = adminClient(baseUrl);
	try {
		await admin.unsafe(`CREATE DATABASE ${name}`);
	} finally {
		await admin.end({ timeout: 5 });
	}
	const url = new URL(baseUrl);
	url.pathname = `/${name}`;
	// FORCE also ends any connection a failed test left open.
	return { url: url.toString(), drop: () => dropDatabase(baseUrl, name) };
}

async function openPostgresTestDatabase(): Promise<TestDatabase> {
	const scratch = await createScratchPostgresDatabase();
	let handle: DatabaseHandle;
	try {
		handle = await openDatabase({ kind: 'postgres', url: scratch.url, poolMax: 5 });
	} catch (e) {
		await scratch.drop();
		throw e;
	}
	return {
		handle,
		url: scratch.url,
		async teardown() {
			await closeDatabase();
			await scratch.drop();
		}
	};
}

async function dropDatabase(baseUrl: string, name: string): Promise<void> {
	const admin = adminClient(baseUrl);
	try {
		await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
	} finally {
		await admin.end({ timeout: 5 });
	}
}

/** Opens, migrates and installs a database for this test file. Call `teardown` in `afterAll`. */
export async function setupTestDatabase(): Promise<TestDatabase> {
	const kind = process.env.TEST_DB ?? 'pglite';
	let db: TestDatabase;
	if (kind === 'pglite') {
		const handle = await openDatabase({ kind: 'pglite', dataDir: 'memory' });
		db = {
			handle,
			async teardown() {
				await closeDatabase();
			}
		};
	} else if (kind === 'postgres') {
		db = await openPostgresTestDatabase();
	} else {
		throw new Error(`Unknown TEST_DB "${kind}": use pglite or postgres`);
	}
	try {
		await db.handle.migrate();
	} catch (e) {
		await db.handle.close().catch(() => {});
		await db.teardown().catch(() => {});
		throw e;
	}
	useDatabase(db.handle);
	return db;
}

/**
 * Raw SQL for test-only assertions that no named query covers (triggers, extensions, stored bytes).
 * Normalises the result shapes of the PGlite and postgres-js drivers to an array of rows.
 */
export async function queryRows<T extends Record<string, unknown>>(handle: DatabaseHandle, query: SQL): Promise<T[]> {
	const result: unknown = await handle.db.execute(query);
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** The database's own message for a query that must fail (drizzle wraps it in "Failed query: ..."). */
export async function databaseError(query: Promise<unknown>): Promise<string> {
	try {
		await query;
	} catch (e) {
		const err = e as Error & { cause?: unknown };
		return err.cause instanceof Error ? err.cause.message : err.message;
	}
	throw new Error('Expected the query to fail, but it succeeded');
}
