/**
 * Featuring assistants: admins feature organisation assistants (not only built-ins) from
 * /admin/assistants, the change is audited with before and after, and the directory lists featured
 * assistants first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/schemas/user';
import { createAssistant } from '$lib/server/assistants/service';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import { findAssistant, incrementAssistantUsage } from '$lib/server/db/queries/assistants';
import { createUser } from '$lib/server/db/queries/users';
import * as adminPage from '../../src/routes/(admin)/admin/assistants/+page.server';
import * as directoryPage from '../../src/routes/(app)/assistants/+page.server';
import { callAction, callLoad } from '../helpers/forms';
import { setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let admin: SessionUser;
let member: SessionUser;

async function account(email: string, name: string): Promise<SessionUser> {
	const u = await createUser({ email, name, passwordHash: 'not-a-hash' });
	return { id: u.id, email: u.email, name: u.name, role: u.role };
}

beforeAll(async () => {
	testDb = await setupTestDatabase();
	admin = await account('admin@nhs.net', 'Ada Admin'); // the first account is the admin
	member = await account('member@nhs.net', 'Mo Member');
	expect(admin.role).toBe('admin');
});

afterAll(async () => {
	await testDb?.teardown();
});

async function newAssistant(user: SessionUser, name: string, visibility: string): Promise<string> {
	const result = await createAssistant(user, {
		name,
		description: `${name} for the comms team`,
		category: 'Media and press',
		instructions: 'Draft clear, kind NHS copy.',
		visibility,
		status: 'published',
		intake: { mode: 'none', questions: [] }
	});
	if (!result.ok) throw new Error(`Could not create ${name}: ${result.message}`);
	return result.value.id;
}

const feature = (user: SessionUser, assistantId: string, featured: string) =>
	callAction(adminPage.actions.feature, user, '/admin/assistants?/feature', { assistantId, featured });

async function directoryNames(user: SessionUser): Promise<string[]> {
	const page = await callLoad(directoryPage.load, user, '/assistants');
	if (page.kind !== 'data') throw new Error(`Directory did not load: ${JSON.stringify(page)}`);
	return (page.data.assistants as { name: string }[]).map((a) => a.name);
}

async function adminRow(name: string) {
	const page = await callLoad(adminPage.load, admin, '/admin/assistants');
	if (page.kind !== 'data') throw new Error('Admin page did not load');
	return (page.data.organisation as { name: string; featured: boolean }[]).find((a) => a.name === name);
}

describe('featuring an organisation assistant', () => {
	it('puts it first in the directory, shows it on the admin page and audits before and after', async () => {
		const popular = await newAssistant(admin, 'Popular helper', 'organisation');
		const quiet = await newAssistant(admin, 'Quiet helper', 'organisation');
		for (let i = 0; i < 3; i++) await incrementAssistantUsage(popular);
		expect((await directoryNames(member)).slice(0, 2)).toEqual(['Popular helper', 'Quiet helper']);
		expect(await adminRow('Quiet helper')).toMatchObject({ featured: false });

		const done = await feature(admin, quiet, 'true');
		expect(done).toMatchObject({
			kind: 'data',
			data: { message: expect.stringContaining('“Quiet helper” is featured') }
		});
		expect((await directoryNames(member)).slice(0, 2)).toEqual(['Quiet helper', 'Popular helper']);
		expect(await adminRow('Quiet helper')).toMatchObject({ featured: true });

		const events = (await listAuditEvents({ action: 'assistant.featured_changed', limit: 100 })).filter(
			(e) => e.targetId === quiet
		);
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({
			actorId: admin.id,
			targetType: 'assistant',
			details: { before: { featured: false }, after: { featured: true } }
		});

		// Featuring it again changes nothing and records nothing.
		expect(await feature(admin, quiet, 'true')).toMatchObject({ kind: 'data' });
		const again = await listAuditEvents({ action: 'assistant.featured_changed', limit: 100 });
		expect(again.filter((e) => e.targetId === quiet)).toHaveLength(1);

		const stopped = await feature(admin, quiet, 'false');
		expect(stopped).toMatchObject({ kind: 'data', data: { message: expect.stringContaining('no longer featured') } });
		expect((await directoryNames(member)).slice(0, 2)).toEqual(['Popular helper', 'Quiet helper']);
		const last = await listAuditEvents({ action: 'assistant.featured_changed', limit: 100 });
		expect(last.filter((e) => e.targetId === quiet)[0]).toMatchObject({
			details: { before: { featured: true }, after: { featured: false } }
		});
	});

	it('is for admins only', async () => {
		const id = await newAssistant(admin, 'Admin only helper', 'organisation');
		expect(await feature(member, id, 'true')).toMatchObject({ kind: 'error', status: 403 });
		expect(await adminRow('Admin only helper')).toMatchObject({ featured: false });
	});

	it('refuses assistants not published to the whole organisation', async () => {
		const own = await newAssistant(member, 'My private helper', 'private');
		const pending = await newAssistant(member, 'Waiting helper', 'organisation');
		for (const id of [own, pending]) {
			const result = await feature(admin, id, 'true');
			expect(result).toMatchObject({ kind: 'fail', status: 409, data: { errors: { form: expect.any(String) } } });
		}
		for (const id of [own, pending]) expect((await findAssistant(id))?.featured).toBe(false);
		const featuredEvents = await listAuditEvents({ action: 'assistant.featured_changed', limit: 100 });
		expect(featuredEvents.filter((e) => e.targetId === own || e.targetId === pending)).toEqual([]);
	});

	it('treats unknown and malformed ids as not found, and a missing choice as bad input', async () => {
		for (const id of ['', 'not-a-uuid', '-'.repeat(36), '00000000-0000-4000-8000-000000000000']) {
			expect(await feature(admin, id, 'true'), id).toMatchObject({ kind: 'error', status: 404 });
		}
		const id = await newAssistant(admin, 'Choice helper', 'organisation');
		expect(await feature(admin, id, 'yes')).toMatchObject({ kind: 'fail', status: 400 });
		expect(await adminRow('Choice helper')).toMatchObject({ featured: false });
	});
});
