import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { openDatabase } from '$lib/server/db/client';
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

describe('0017: document titles in the full-text index', () => {
	it('fills in the title of passages that existed before, so their title words find them', async () => {
		// The migrations up to 0016 only, as a database made before 0017 had them.
		const before = mkdtempSync(path.join(tmpdir(), 'nca-migrations-'));
		const handle = await openDatabase({ kind: 'pglite', dataDir: 'memory' });
		try {
			cpSync(path.resolve('migrations'), before, { recursive: true });
			const at = journal.entries.findIndex((e) => e.tag.startsWith('0017_'));
			expect(at).toBeGreaterThan(0);
			writeFileSync(
				path.join(before, 'meta/_journal.json'),
				JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) })
			);
			await migrate(handle.db as unknown as PgliteDatabase, { migrationsFolder: before });
			await handle.db.execute(sql`
				with col as (insert into collections (slug, name) values ('c', 'C') returning id),
				doc as (insert into documents (collection_id, slug, title, status)
					select id, 'helipad', 'Helipad safety', 'published' from col returning id, collection_id),
				ver as (insert into document_versions (document_id, version, content_hash, file_name, file_type, byte_size)
					select id, 1, 'h', 'h.txt', 'text', 10 from doc returning id, document_id)
				insert into chunks (version_id, document_id, collection_id, position, text, token_count, searchable)
				select ver.id, doc.id, doc.collection_id, 0, 'Keep the landing area clear.', 6, true from ver join doc on doc.id = ver.document_id`);

			await handle.migrate();

			const rows = await queryRows<{ title: string; found: boolean }>(
				handle,
				sql`select document_title as title, tsv @@ to_tsquery('english', 'helipad') as found from chunks`
			);
			expect(rows).toEqual([{ title: 'Helipad safety', found: true }]);
			const [index] = await queryRows<{ n: number }>(
				handle,
				sql`select count(*)::int as n from pg_indexes where indexname = 'chunks_tsv_idx'`
			);
			expect(index.n).toBe(1);
		} finally {
			await handle.close();
			rmSync(before, { recursive: true, force: true });
		}
	});
});
