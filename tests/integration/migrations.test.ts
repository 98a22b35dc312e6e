import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { openDatabase, type DatabaseHandle } from '$lib/server/db/client';
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

/**
 * Runs `test` on an embedded database migrated up to (not including) the migration numbered `number`,
 * as a database made before it had them; `test` then applies the rest with `handle.migrate()`.
 */
async function beforeMigration(number: string, test: (handle: DatabaseHandle) => Promise<void>): Promise<void> {
	const before = mkdtempSync(path.join(tmpdir(), 'nca-migrations-'));
	const handle = await openDatabase({ kind: 'pglite', dataDir: 'memory' });
	try {
		cpSync(path.resolve('migrations'), before, { recursive: true });
		const at = journal.entries.findIndex((e) => e.tag.startsWith(`${number}_`));
		expect(at).toBeGreaterThan(0);
		writeFileSync(
			path.join(before, 'meta/_journal.json'),
			JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) })
		);
		await migrate(handle.db as unknown as PgliteDatabase, { migrationsFolder: before });
		await test(handle);
	} finally {
		await handle.close();
		rmSync(before, { recursive: true, force: true });
	}
}

describe('0017: document titles in the full-text index', () => {
	it('fills in the title of passages that existed before, so their title words find them', async () => {
		await beforeMigration('0017', async (handle) => {
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
		});
	});
});

describe('0019: the live version of organisation assistants', () => {
	it('keeps the last approved version live where a newer one waited for approval when it ran', async () => {
		await beforeMigration('0019', async (handle) => {
			const assistant = (name: string, sharing: string, version: number, builtin: string | null = null) =>
				handle.db.execute(sql`
					insert into assistants (name, category, instructions, intake, visibility, approval, version, builtin_key, team_id)
					values (${name}, 'Other', 'Write.', '{"mode":"none","questions":[]}', ${sharing.split(':')[0]},
						${sharing.split(':')[1]}, ${version}, ${builtin}, null)`);
			const decided = (name: string, action: string, approval: string, version: number | string) =>
				handle.db.execute(sql`
					insert into audit_events (action, target_type, target_id, details)
					select ${action}, 'assistant', id::text,
						jsonb_build_object('after', jsonb_build_object('approval', ${approval}::text, 'version', ${version}::text::jsonb))
					from assistants where name = ${name}`);
			await handle.db.execute(sql`insert into users (email, name) values ('editor@nhs.net', 'Editor')`);
			await assistant('Approved', 'organisation:approved', 3);
			await assistant('Waiting', 'organisation:pending', 2);
			await decided('Waiting', 'assistant.approval_decided', 'approved', 1);
			await assistant('Declined', 'organisation:declined', 4);
			await decided('Declined', 'assistant.approval_decided', 'approved', 1);
			await decided('Declined', 'assistant.rolled_back', 'approved', 3);
			await decided('Declined', 'assistant.approval_decided', 'declined', 4);
			await assistant('Never approved', 'organisation:pending', 1);
			await decided('Never approved', 'assistant.approval_decided', 'approved', '"not a number"');
			await assistant('Edited built-in', 'organisation:pending', 3, 'edited-builtin');
			await handle.db.execute(sql`
				insert into assistant_versions (assistant_id, version, definition, created_by)
				select a.id, v, '{}'::jsonb, case when v = 3 then (select id from users limit 1) end
				from assistants a, generate_series(1, 3) v where a.name = 'Edited built-in'`);
			await assistant('Private', 'private:none', 2);

			await handle.migrate();

			const rows = await queryRows<{ name: string; live: number | null }>(
				handle,
				sql`select name, live_version as live from assistants order by name`
			);
			expect(rows).toEqual([
				{ name: 'Approved', live: 3 },
				{ name: 'Declined', live: 3 },
				{ name: 'Edited built-in', live: 2 },
				{ name: 'Never approved', live: null },
				{ name: 'Private', live: null },
				{ name: 'Waiting', live: 1 }
			]);
			// The check keeps a live version only on organisation assistants, and never past the newest.
			await expect(
				handle.db.execute(sql`update assistants set live_version = 5 where name = 'Approved'`)
			).rejects.toThrow();
			await expect(
				handle.db.execute(sql`update assistants set visibility = 'private' where name = 'Waiting'`)
			).rejects.toThrow();
		});
	});
});

describe('0020: full-text vectors kept in the row', () => {
	it('has set storage MAIN on this suite’s own database (PGlite or PostgreSQL)', async () => {
		const rows = await queryRows<{ storage: string }>(
			testDb.handle,
			sql`select attstorage as storage from pg_attribute
				where attname = 'tsv' and attrelid in ('chunks'::regclass, 'attachment_chunks'::regclass)`
		);
		expect(rows).toEqual([{ storage: 'm' }, { storage: 'm' }]);
	});

	it('stores the tsv of passages and attachments with storage MAIN, and keeps existing passages searchable', async () => {
		await beforeMigration('0020', async (handle) => {
			await handle.db.execute(sql`
				with col as (insert into collections (slug, name) values ('c', 'C') returning id),
				doc as (insert into documents (collection_id, slug, title, status)
					select id, 'helipad', 'Helipad safety', 'published' from col returning id, collection_id),
				ver as (insert into document_versions (document_id, version, content_hash, file_name, file_type, byte_size)
					select id, 1, 'h', 'h.txt', 'text', 10 from doc returning id, document_id)
				insert into chunks (version_id, document_id, collection_id, position, heading, document_title, text, token_count, searchable)
				select ver.id, doc.id, doc.collection_id, 0, 'Landing', 'Helipad safety', 'Keep the landing area clear.', 6, true
				from ver join doc on doc.id = ver.document_id`);
			const before = await queryRows<{ tsv: string }>(handle, sql`select tsv::text as tsv from chunks`);

			await handle.migrate();

			const storage = await queryRows<{ table: string; storage: string }>(
				handle,
				sql`select attrelid::regclass::text as table, attstorage as storage from pg_attribute
					where attname = 'tsv' and attrelid in ('chunks'::regclass, 'attachment_chunks'::regclass) order by 1`
			);
			expect(storage).toEqual([
				{ table: 'attachment_chunks', storage: 'm' },
				{ table: 'chunks', storage: 'm' }
			]);
			const after = await queryRows<{ tsv: string; found: boolean }>(
				handle,
				sql`select tsv::text as tsv, tsv @@ to_tsquery('english', 'helipad & landing') as found from chunks`
			);
			expect(after).toEqual([{ tsv: before[0].tsv, found: true }]);
		});
	});
});
