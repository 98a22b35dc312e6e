/**
 * Built-in assistants load from prompts/assistants/ into a fresh database, a second load changes
 * nothing, a changed file version updates the assistant as a new version, and an admin's edit is kept
 * until the file's version changes (then the file wins).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/schemas/user';
import {
	BUILTIN_DIR,
	BuiltinAssistantError,
	describeBuiltinLoad,
	loadBuiltinAssistants,
	readBuiltinAssistants
} from '$lib/server/assistants/builtins';
import { decideApproval } from '$lib/server/assistants/lifecycle';
import { getAssistant, listAssistants, updateAssistant } from '$lib/server/assistants/service';
import { finishEvaluation, insertEvaluation } from '$lib/server/db/queries/evaluations';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import {
	findBuiltinAssistant,
	listBuiltinAssistants,
	shippedBuiltinVersion
} from '$lib/server/db/queries/builtin-assistants';
import { insertCollection } from '$lib/server/db/queries/corpus';
import { createUser } from '$lib/server/db/queries/users';
import { queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let dir: string;
let admin: SessionUser;
let member: SessionUser;

async function account(email: string, name: string): Promise<SessionUser> {
	const u = await createUser({ email, name, passwordHash: 'not-a-hash' });
	return { id: u.id, email: u.email, name: u.name, role: u.role };
}

async function versionRows(key: string) {
	return queryRows<{ version: number; change_note: string; created_by: string | null }>(
		testDb.handle,
		sql`select v.version, v.change_note, v.created_by from assistant_versions v
			join assistants a on a.id = v.assistant_id where a.builtin_key = ${key} order by v.version`
	);
}

/** Rewrites the `version:` line of a copied file. */
async function bumpVersion(key: string, version: string, edit: (text: string) => string = (t) => t) {
	const file = path.join(dir, `${key}.md`);
	const text = await readFile(file, 'utf8');
	await writeFile(file, edit(text.replace(/^version: .*$/m, `version: ${version}`)));
}

beforeAll(async () => {
	testDb = await setupTestDatabase();
	admin = await account('admin@nhs.net', 'Ada Admin');
	member = await account('member@nhs.net', 'Mo Member');
	expect(admin.role).toBe('admin');
	for (const slug of ['nhs-brand', 'tone-and-style', 'inclusive-language', 'accessibility', 'responsible-ai'])
		await insertCollection({ slug, name: slug });
	dir = await mkdtemp(path.join(tmpdir(), 'nca-builtins-'));
	await cp(path.resolve('prompts/assistants'), dir, { recursive: true });
});

afterAll(async () => {
	await testDb?.teardown();
	if (dir) await rm(dir, { recursive: true, force: true });
});

describe('loading built-in assistants', () => {
	it('loads every file into a fresh database as an organisation assistant with version 1', async () => {
		const result = await loadBuiltinAssistants(dir);
		expect(result.created.length).toBeGreaterThanOrEqual(12);
		expect(result.updated).toEqual([]);
		const rows = await listBuiltinAssistants();
		expect(rows.map((r) => r.builtinKey)).toEqual(result.created.slice().sort());
		// Each stored row records its own file's version (files start at 1 and move on independently).
		const fileVersions = new Map((await readBuiltinAssistants(dir)).map((f) => [f.key, f.version]));
		for (const row of rows) {
			expect(row).toMatchObject({
				ownerId: null,
				teamId: null,
				visibility: 'organisation',
				status: 'published',
				approval: 'approved',
				builtinVersion: fileVersions.get(row.builtinKey!),
				version: 1
			});
		}
		const audited = await listAuditEvents({ action: 'assistant.builtin_loaded', limit: 100 });
		expect(audited).toHaveLength(result.created.length);
		expect(audited.every((e) => e.actorId === null && (e.details as { change: string }).change === 'created')).toBe(
			true
		);
		const press = await findBuiltinAssistant('press-release');
		expect(press?.name).toBe('Press release');
		expect(press?.intake.questions.map((q) => q.id)).toContain('spokesperson');
		expect(await versionRows('press-release')).toEqual([
			{ version: 1, change_note: 'Updated from prompts/assistants/press-release.md version 2', created_by: null }
		]);
	});

	it('shows the built-ins to every member, who can use but not edit them', async () => {
		const seen = await listAssistants(member);
		const builtins = seen.filter((a) => a.builtin);
		expect(builtins.length).toBeGreaterThanOrEqual(12);
		for (const a of builtins) expect(a.can).toMatchObject({ use: true, edit: false, delete: false });
		const refused = await updateAssistant(member, builtins[0].id, { description: 'Mine now' });
		expect(refused).toMatchObject({ ok: false, status: 403 });
	});

	it('changes nothing when loaded again with the same files', async () => {
		const before = await queryRows(testDb.handle, sql`select id, version, updated_at from assistants order by id`);
		const versionsBefore = await queryRows(testDb.handle, sql`select count(*)::int as n from assistant_versions`);
		const result = await loadBuiltinAssistants(dir);
		expect(result.created).toEqual([]);
		expect(result.updated).toEqual([]);
		expect(result.unchanged.length).toBeGreaterThanOrEqual(12);
		expect(await queryRows(testDb.handle, sql`select id, version, updated_at from assistants order by id`)).toEqual(
			before
		);
		expect(await queryRows(testDb.handle, sql`select count(*)::int as n from assistant_versions`)).toEqual(
			versionsBefore
		);
	});

	it('updates an assistant whose file version changed, adding a version row', async () => {
		await bumpVersion('press-release', '1.1', (t) => t.replace('name: Press release', 'name: Press release writer'));
		const result = await loadBuiltinAssistants(dir);
		expect(result.updated).toEqual(['press-release']);
		expect(result.created).toEqual([]);
		const updates = (await listAuditEvents({ action: 'assistant.builtin_loaded', limit: 100 })).filter(
			(e) => (e.details as { change: string }).change === 'updated'
		);
		expect(updates.map((e) => e.details)).toEqual([{ key: 'press-release', version: '1.1', change: 'updated' }]);
		const press = await findBuiltinAssistant('press-release');
		expect(press).toMatchObject({ name: 'Press release writer', builtinVersion: '1.1', version: 2 });
		const versions = await versionRows('press-release');
		expect(versions.map((v) => v.version)).toEqual([1, 2]);
		expect(versions[1].change_note).toBe('Updated from prompts/assistants/press-release.md version 1.1');
		// Other assistants were not touched.
		expect((await findBuiltinAssistant('easy-read'))?.version).toBe(1);
	});

	it("keeps an admin's edit until the file's version changes, and then the file wins", async () => {
		const row = await findBuiltinAssistant('easy-read');
		const edited = await updateAssistant(admin, row!.id, {
			description: 'Our Easy Read helper, adapted by the admin',
			changeNote: 'Local wording'
		});
		// An admin's change to a built-in waits for an evaluation and approval like any organisation assistant's.
		expect(edited).toMatchObject({ ok: true, value: { version: 2, approval: 'pending' } });
		// The version its file wrote is still 1: eval:assistants says the version it runs is an edit.
		expect(await shippedBuiltinVersion(row!.id, BUILTIN_DIR)).toBe(1);
		// Meanwhile members keep the shipped version 1, the live one.
		expect(await getAssistant(member, row!.id)).toMatchObject({ version: 1, liveVersion: 1 });
		expect((await getAssistant(member, row!.id))?.description).toMatch(/^Drafts an Easy Read version/);
		expect(await decideApproval(admin, row!.id, { decision: 'approve' })).toMatchObject({
			ok: false,
			status: 409,
			message: 'Run an evaluation of version 2 before approving it'
		});
		const run = await insertEvaluation({
			assistantId: row!.id,
			assistantVersion: 2,
			model: 'stub-model',
			total: 0,
			requestedBy: null
		});
		await finishEvaluation(run.id, 'completed');
		expect(await decideApproval(admin, row!.id, { decision: 'approve' })).toMatchObject({ ok: true });
		expect((await loadBuiltinAssistants(dir)).updated).toEqual([]);
		expect((await getAssistant(member, row!.id))?.description).toBe('Our Easy Read helper, adapted by the admin');

		await bumpVersion('easy-read', '3');
		expect((await loadBuiltinAssistants(dir)).updated).toEqual(['easy-read']);
		const after = await getAssistant(member, row!.id);
		expect(after?.description).toMatch(/^Drafts an Easy Read version/);
		expect(after?.version).toBe(3);
		expect(await shippedBuiltinVersion(row!.id, BUILTIN_DIR)).toBe(3);
		expect((await versionRows('easy-read')).map((v) => v.version)).toEqual([1, 2, 3]);
	});

	it("says when a shipped update replaces an administrator's version that was not approved", async () => {
		const row = await findBuiltinAssistant('plain-english');
		const edited = await updateAssistant(admin, row!.id, { description: 'Waiting for approval', changeNote: 'Ours' });
		expect(edited).toMatchObject({ ok: true, value: { version: 2, approval: 'pending' } });
		await bumpVersion('plain-english', '9');
		const loaded = await loadBuiltinAssistants(dir);
		expect(loaded).toMatchObject({ updated: ['plain-english'], superseded: [{ key: 'plain-english', version: 2 }] });
		expect(describeBuiltinLoad(loaded)).toBe(
			"Built-in assistants: updated plain-english; the shipped plain-english replaced an administrator's version 2 that was not approved (it stays in the version history)"
		);
		const [event] = await listAuditEvents({ action: 'assistant.builtin_loaded' });
		expect(event).toMatchObject({ targetId: row!.id, details: { key: 'plain-english', supersededVersion: 2 } });
		expect((await versionRows('plain-english')).map((v) => v.version)).toEqual([1, 2, 3]);
	});

	it('stops with the file name and the problem when a file is invalid, changing nothing', async () => {
		const versionsBefore = await queryRows(testDb.handle, sql`select count(*)::int as n from assistant_versions`);
		await bumpVersion('social-media', '9', (t) => t.replace('category: Social media', 'category: Gossip'));
		const failed = loadBuiltinAssistants(dir);
		await expect(failed).rejects.toThrow(BuiltinAssistantError);
		await expect(loadBuiltinAssistants(dir)).rejects.toThrow(
			/prompts\/assistants\/social-media\.md is invalid: category: category must be one of/
		);
		expect(await queryRows(testDb.handle, sql`select count(*)::int as n from assistant_versions`)).toEqual(
			versionsBefore
		);
	});
});
