import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { countUsers, createUser } from '$lib/server/db/queries/users';
import { queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

const journal = JSON.parse(readFileSync(path.resolve('migrations/meta/_journal.json'), 'utf8')) as {
	entries: { tag: string }[];
};
let testDb: TestDatabase;

beforeAll(async () => {
	testDb = await setupTestDatabase();
});

afterAll(async () => {
	await testDb?.teardown();
});

async function appliedMigrations(): Promise<number> {
	const [row] = await queryRows<{ n: number }>(
		testDb.handle,
		sql`select count(*)::int as n from drizzle.__drizzle_migrations`
	);
	return row.n;
}

describe('migrations', () => {
	it('records every migration in the journal once', async () => {
		expect(journal.entries.length).toBeGreaterThanOrEqual(3);
		expect(await appliedMigrations()).toBe(journal.entries.length);
	});

	it('can run again without changing anything or losing data', async () => {
		await createUser({ email: 'kept@nhs.net', name: 'Kept', passwordHash: 'not-a-hash' });

		await testDb.handle.migrate();
		await testDb.handle.migrate();

		expect(await appliedMigrations()).toBe(journal.entries.length);
		expect(await countUsers()).toBe(1);
		const triggers = await queryRows<{ name: string }>(
			testDb.handle,
			sql`select tgname as name from pg_trigger where tgrelid = 'audit_events'::regclass and not tgisinternal order by tgname`
		);
		expect(triggers.map((t) => t.name)).toEqual(['audit_events_no_truncate', 'audit_events_no_update_or_delete']);
	});

	it('creates the pgvector extension', async () => {
		const extensions = await queryRows<{ name: string }>(
			testDb.handle,
			sql`select extname as name from pg_extension where extname = 'vector'`
		);
		expect(extensions).toEqual([{ name: 'vector' }]);

		const [row] = await queryRows<{ v: string; distance: number }>(
			testDb.handle,
			sql`select '[1,2,3]'::vector::text as v, ('[1,2,3]'::vector <-> '[1,2,5]'::vector)::float8 as distance`
		);
		expect(row).toEqual({ v: '[1,2,3]', distance: 2 });
	});

	it('creates the tables the foundation needs', async () => {
		const tables = await queryRows<{ name: string }>(
			testDb.handle,
			sql`select table_name as name from information_schema.tables where table_schema = 'public' order by table_name`
		);
		expect(tables.map((t) => t.name)).toEqual(
			expect.arrayContaining(['audit_events', 'sessions', 'team_memberships', 'teams', 'users'])
		);
	});
});
