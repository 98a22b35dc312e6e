import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { beginShutdown, readiness } from '$lib/server/cluster/lifecycle';
import { queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;

beforeAll(async () => {
	testDb = await setupTestDatabase();
});

afterAll(async () => {
	await testDb?.teardown();
});

describe('readiness', () => {
	it('is ready with the database migrated, not ready while a migration is missing or when shutting down', async () => {
		expect(await readiness()).toEqual({ ready: true, database: 'ok', migrations: 'ok', shuttingDown: false });

		// As if this build shipped a migration the database has not applied yet.
		const [last] = await queryRows<{ id: number }>(
			testDb.handle,
			sql`delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations) returning id`
		);
		expect(last).toBeDefined();
		expect(await readiness()).toMatchObject({ ready: false, migrations: 'pending' });
		await queryRows(
			testDb.handle,
			sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${last.id}, 'restored', 0)`
		);
		expect(await readiness()).toMatchObject({ ready: true });

		beginShutdown();
		expect(await readiness()).toEqual({ ready: false, database: 'ok', migrations: 'ok', shuttingDown: true });
	});
});
