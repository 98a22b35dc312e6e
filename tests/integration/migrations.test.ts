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

/** One published passage, "Keep the landing area clear.", in a document titled "Helipad safety". */
async function addHelipadPassage(handle: DatabaseHandle): Promise<void> {
	await handle.db.execute(sql`
		with col as (insert into collections (slug, name) values ('c', 'C') returning id),
		doc as (insert into documents (collection_id, slug, title, status)
			select id, 'helipad', 'Helipad safety', 'published' from col returning id, collection_id),
		ver as (insert into document_versions (document_id, version, content_hash, file_name, file_type, byte_size)
			select id, 1, 'h', 'h.txt', 'text', 10 from doc returning id, document_id)
		insert into chunks (version_id, document_id, collection_id, position, text, token_count, searchable)
		select ver.id, doc.id, doc.collection_id, 0, 'Keep the landing area clear.', 6, true from ver join doc on doc.id = ver.document_id`);
}

describe('0017: document titles in the full-text index', () => {
	it('fills in the title of passages that existed before, so their title words find them', async () => {
		await beforeMigration('0017', async (handle) => {
			await addHelipadPassage(handle);

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
	it('keeps the last version that went live where a newer one waited for approval when it ran', async () => {
		await beforeMigration('0019', async (handle) => {
			/** `sharing` is visibility:approval, with :draft for an unpublished one. */
			const assistant = (name: string, sharing: string, version: number, builtin: string | null = null) => {
				const [visibility, approval, draft] = sharing.split(':');
				return handle.db.execute(sql`
					insert into assistants (name, category, instructions, intake, visibility, approval, status, version, builtin_key)
					values (${name}, 'Other', 'Write.', '{"mode":"none","questions":[]}', ${visibility}, ${approval},
						${draft ? 'draft' : 'published'}, ${version}, ${builtin})`);
			};
			/** An audit event about the assistant, with `after` as given. */
			const event = (name: string, action: string, after: Record<string, unknown>, actor: string | null = null) =>
				handle.db.execute(sql`
					insert into audit_events (action, actor_id, target_type, target_id, details)
					select ${action}, ${actor}::uuid, 'assistant', id::text, jsonb_build_object('after', ${JSON.stringify(after)}::jsonb)
					from assistants where name = ${name}`);
			const versions = (name: string, notes: Record<number, string>, by: string | null = null) =>
				handle.db.execute(sql`
					insert into assistant_versions (assistant_id, version, definition, change_note, created_by)
					select a.id, n.v, '{}'::jsonb, n.note, ${by}::uuid
					from assistants a, jsonb_each_text(${JSON.stringify(notes)}::jsonb) as n_raw(k, note),
						lateral (select n_raw.k::int as v, n_raw.note) n
					where a.name = ${name}`);
			const [admin] = await queryRows<{ id: string }>(
				handle,
				sql`insert into users (email, name, role) values ('admin@nhs.net', 'Admin', 'admin') returning id`
			);
			const [member] = await queryRows<{ id: string }>(
				handle,
				sql`insert into users (email, name) values ('member@nhs.net', 'Member') returning id`
			);

			await assistant('Approved', 'organisation:approved', 3);
			await assistant('Approved but unpublished', 'organisation:approved:draft', 3);
			await assistant('Waiting', 'organisation:pending', 2);
			await event('Waiting', 'assistant.approval_decided', { approval: 'approved', version: 1 });
			await assistant('Declined', 'organisation:declined', 4);
			await event('Declined', 'assistant.approval_decided', { approval: 'approved', version: 1 });
			await event('Declined', 'assistant.rolled_back', { approval: 'approved', version: 3 });
			await event('Declined', 'assistant.approval_decided', { approval: 'declined', version: 4 });
			await assistant('Never approved', 'organisation:pending', 1);
			await event('Never approved', 'assistant.approval_decided', { approval: 'approved', version: 'not a number' });
			await assistant('Saved by an admin', 'organisation:pending', 3);
			await event('Saved by an admin', 'assistant.updated', {
				approval: 'approved',
				version: 2,
				visibility: 'organisation'
			});
			await assistant('Made by an admin', 'organisation:pending', 2);
			await event('Made by an admin', 'assistant.created', { version: 1, visibility: 'organisation' }, admin.id);
			await assistant('Made by a member', 'organisation:pending', 2);
			await event('Made by a member', 'assistant.created', { version: 1, visibility: 'organisation' }, member.id);
			// Approved, then narrowed to a team, then shared again: that approval no longer counts.
			await assistant('Shared again', 'organisation:pending', 3);
			await event('Shared again', 'assistant.approval_decided', { approval: 'approved', version: 1 });
			await event('Shared again', 'assistant.updated', { approval: 'none', version: 2, visibility: 'team' });
			await event('Shared again', 'assistant.updated', { approval: 'pending', version: 3, visibility: 'organisation' });
			// Approved, then unpublished by an administrator, then published again by its owner.
			await assistant('Republished', 'organisation:pending', 2);
			await event('Republished', 'assistant.approval_decided', { approval: 'approved', version: 1 });
			await event('Republished', 'assistant.unpublished', { status: 'draft' });
			// A built-in an administrator changed: version 2 was theirs (and their account is gone since).
			await assistant('Edited built-in', 'organisation:pending', 2, 'edited-builtin');
			await versions('Edited built-in', {
				1: 'Updated from prompts/assistants/edited-builtin.md version 1.0',
				2: 'Local wording'
			});
			await assistant('Built-in updated twice', 'organisation:pending', 4, 'updated-builtin');
			await versions('Built-in updated twice', {
				1: 'Updated from prompts/assistants/updated-builtin.md version 1.0',
				2: 'Local wording',
				3: 'Updated from prompts/assistants/updated-builtin.md version 1.1',
				4: 'More local wording'
			});
			await assistant('Private', 'private:none', 2);

			await handle.migrate();

			const rows = await queryRows<{ name: string; live: number | null }>(
				handle,
				sql`select name, live_version as live from assistants order by name`
			);
			expect(Object.fromEntries(rows.map((r) => [r.name, r.live]))).toEqual({
				Approved: 3,
				'Approved but unpublished': null,
				'Built-in updated twice': 3,
				Declined: 3,
				'Edited built-in': 1,
				'Made by a member': null,
				'Made by an admin': 1,
				'Never approved': null,
				Private: null,
				Republished: null,
				'Saved by an admin': 2,
				'Shared again': null,
				Waiting: 1
			});
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
			await addHelipadPassage(handle);
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
				sql`select tsv::text as tsv, tsv @@ to_tsquery('english', 'landing & clear') as found from chunks`
			);
			expect(after).toEqual([{ tsv: before[0].tsv, found: true }]);
		});
	});
});
