/**
 * Deleting a leaver under the retention rules: only once deactivated, confirmed by typing their email;
 * chats, drafts, files, private work and personal details go; shared work still in their name moves to
 * the colleague named at deactivation; the audit log keeps its events with the id only; the last
 * active administrator can never be deleted. The person page and the JSON endpoint give the same answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { SessionUser } from '$lib/schemas/user';
import { createAssistant } from '$lib/server/assistants/service';
import { hashPassword } from '$lib/server/auth/password';
import { createSession, generateSessionToken, validateSessionToken } from '$lib/server/auth/session';
import { insertAttachment } from '$lib/server/db/queries/attachments';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import { findAssistant } from '$lib/server/db/queries/assistants';
import { insertChat, insertUserMessage } from '$lib/server/db/queries/chats';
import { findPerson } from '$lib/server/db/queries/people';
import { findSavedPrompt, insertSavedPrompt } from '$lib/server/db/queries/saved-prompts';
import { createTeamWithOwner } from '$lib/server/db/queries/teams';
import { createUser, setUserRole } from '$lib/server/db/queries/users';
import { deactivatePerson } from '$lib/server/people/admin';
import { deletePerson, previewDeletion } from '$lib/server/people/delete';
import * as personPage from '../../src/routes/(admin)/admin/users/[id]/+page.server';
import * as deleteApi from '../../src/routes/api/admin/users/[id]/+server';
import { callRoute } from '../helpers/chat';
import { outcome, pageEvent } from '../helpers/forms';
import { queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let admin: SessionUser;
let successor: SessionUser;
let member: SessionUser;

async function account(email: string, name: string): Promise<SessionUser> {
	const u = await createUser({ email, name, passwordHash: await hashPassword('plum kettle harbour lantern') });
	return { id: u.id, email: u.email, name: u.name, role: u.role };
}

function ok<T>(r: { ok: true; value: T } | { ok: false }): T {
	if (!r.ok) throw new Error(`Expected success: ${JSON.stringify(r)}`);
	return r.value;
}

async function assistantOf(user: SessionUser, name: string, visibility: string) {
	const r = await createAssistant(user, {
		name,
		description: `${name} for the comms team`,
		category: 'Media and press',
		instructions: 'Draft clear, kind NHS copy.',
		visibility,
		status: 'published',
		intake: { mode: 'none', questions: [] }
	});
	if (!r.ok) throw new Error(`Could not create ${name}: ${r.message}`);
	return r.value.id;
}

async function leaverWithWork(email: string, name: string) {
	const leaver = await account(email, name);
	const chat = await insertChat({ userId: leaver.id, title: 'Flu clinic press release' });
	await insertUserMessage(chat.id, 'Draft a press release about the Saturday flu clinic');
	await insertAttachment(
		{
			chatId: chat.id,
			userId: leaver.id,
			fileName: 'notes.txt',
			kind: 'document',
			format: 'text',
			byteSize: 20,
			text: 'Clinic notes for May',
			columns: null,
			rows: null,
			personalData: {}
		},
		[]
	);
	const privateAssistant = await assistantOf(leaver, 'My own helper', 'private');
	const privatePrompt = await insertSavedPrompt(leaver.id, {
		title: 'My notes',
		body: 'Mine',
		visibility: 'private',
		teamId: null
	});
	return { leaver, chatId: chat.id, privateAssistant, privatePromptId: privatePrompt.id };
}

const count = async (query: ReturnType<typeof sql>) =>
	Number((await queryRows<{ n: number }>(testDb.handle, query))[0].n);

beforeAll(async () => {
	testDb = await setupTestDatabase();
	admin = await account('admin@nhs.net', 'Ada Admin');
	successor = await account('successor@nhs.net', 'Sam Successor');
	member = await account('member@nhs.net', 'Mo Member');
});

afterAll(async () => {
	await testDb?.teardown();
});

describe('deleting a leaver', () => {
	it('says what must happen first for an active person, and refuses members, yourself and unknown ids', async () => {
		const { leaver } = await leaverWithWork('early@nhs.net', 'Eve Early');
		const confirm = { confirmEmail: 'early@nhs.net' };
		expect(await deletePerson(admin, leaver.id, confirm)).toMatchObject({
			ok: false,
			status: 409,
			message: expect.stringMatching(/^Deactivate Eve Early first/)
		});
		expect(await deletePerson(member, leaver.id, confirm)).toMatchObject({ ok: false, status: 403 });
		expect(await deletePerson(admin, admin.id, { confirmEmail: admin.email })).toMatchObject({ status: 400 });
		expect(await deletePerson(admin, 'nope', confirm)).toMatchObject({ status: 404 });
		expect(await deletePerson(admin, crypto.randomUUID(), confirm)).toMatchObject({ status: 404 });
		expect((await findPerson(leaver.id))?.name).toBe('Eve Early');
	});

	it('needs the typed email address, then removes their data and keeps the audit trail pseudonymous', async () => {
		const { leaver, chatId, privateAssistant, privatePromptId } = await leaverWithWork('lee@nhs.net', 'Lee Leaver');
		const team = await createTeamWithOwner({ name: 'Press office', description: '', ownerId: leaver.id });
		ok(await deactivatePerson(admin, leaver.id, { newOwnerId: successor.id }));
		// Shared work that is still in their name (made before deactivation moved work, say) moves on.
		const lateShared = await assistantOf(leaver, 'Team bulletin', 'organisation');
		const lateTeamPrompt = await insertSavedPrompt(leaver.id, {
			title: 'Weekly bulletin',
			body: 'Write the bulletin',
			visibility: 'team',
			teamId: team.id
		});
		expect(ok(await previewDeletion(admin, leaver.id))).toEqual({
			chats: 1,
			attachments: 1,
			privateAssistants: 1,
			privatePrompts: 1,
			sharedAssistants: 1,
			sharedPrompts: 1,
			successorName: 'Sam Successor'
		});

		expect(await deletePerson(admin, leaver.id, {})).toMatchObject({
			status: 400,
			field: 'confirmEmail',
			message: 'Type their email address to confirm'
		});
		expect(await deletePerson(admin, leaver.id, { confirmEmail: 'someone.else@nhs.net' })).toMatchObject({
			status: 400,
			message: 'The email address does not match. Type lee@nhs.net exactly to confirm'
		});
		expect(await deletePerson(admin, leaver.id, { confirmEmail: 'lee@nhs.net', newOwnerId: 'x' })).toMatchObject({
			status: 400,
			field: 'deleteOwnerId'
		});

		const done = ok(await deletePerson(admin, leaver.id, { confirmEmail: ' LEE@nhs.net ' }, { requestId: 'req-del' }));
		expect(done).toEqual({ name: 'Lee Leaver', chats: 1, attachments: 1, sharedMoved: 2 });
		expect(await findPerson(leaver.id)).toBeUndefined();
		expect(await count(sql`select count(*)::int as n from chats where id = ${chatId}`)).toBe(0);
		expect(await count(sql`select count(*)::int as n from attachments where user_id = ${leaver.id}`)).toBe(0);
		expect(await findAssistant(privateAssistant)).toBeUndefined();
		expect(await findSavedPrompt(privatePromptId)).toBeUndefined();
		expect((await findAssistant(lateShared))?.ownerId).toBe(successor.id);
		expect((await findSavedPrompt(lateTeamPrompt.id))?.ownerId).toBe(successor.id);
		expect(await count(sql`select count(*)::int as n from team_memberships where user_id = ${leaver.id}`)).toBe(0);

		// The audit log still holds their events under the bare id, and nothing names them.
		const events = await queryRows<{ action: string; actor_id: string | null; target_id: string | null }>(
			testDb.handle,
			sql`select action, actor_id, target_id, details from audit_events
				where actor_id = ${leaver.id} or target_id = ${leaver.id} order by id`
		);
		expect(events.map((e) => e.action)).toEqual(
			expect.arrayContaining(['user.deactivated', 'assistant.created', 'user.deleted'])
		);
		expect(JSON.stringify(events)).not.toMatch(/lee@nhs\.net|Lee Leaver/);
		const [deleted] = await listAuditEvents({ action: 'user.deleted', limit: 1 });
		expect(deleted).toMatchObject({
			actorId: admin.id,
			targetId: leaver.id,
			requestId: 'req-del',
			details: { chatsDeleted: 1, attachmentsDeleted: 1, sharedMoved: 2, newOwnerId: successor.id }
		});
	});

	it('asks for a new owner when the one named at deactivation has gone too', async () => {
		const { leaver } = await leaverWithWork('ola@nhs.net', 'Ola Old');
		const stand = await account('standin@nhs.net', 'Stan Standin');
		ok(await deactivatePerson(admin, leaver.id, { newOwnerId: stand.id }));
		const shared = await assistantOf(leaver, 'Still shared', 'organisation');
		ok(await deactivatePerson(admin, stand.id, { newOwnerId: successor.id }));
		expect(ok(await previewDeletion(admin, leaver.id)).successorName).toBeNull();
		expect(await deletePerson(admin, leaver.id, { confirmEmail: 'ola@nhs.net' })).toMatchObject({
			status: 400,
			field: 'deleteOwnerId',
			message: 'Choose who will own their shared assistants and prompts'
		});
		expect(await deletePerson(admin, leaver.id, { confirmEmail: 'ola@nhs.net', newOwnerId: stand.id })).toMatchObject({
			status: 400,
			message: 'Choose someone with an active account to own their shared work'
		});
		ok(await deletePerson(admin, leaver.id, { confirmEmail: 'ola@nhs.net', newOwnerId: member.id }));
		expect((await findAssistant(shared))?.ownerId).toBe(member.id);
	});

	it('never deletes the last active administrator, and ends every session of the deleted', async () => {
		const other = await account('other.admin@nhs.net', 'Otto Admin');
		// Ada is the only active administrator: even another administrator's request cannot delete her.
		const asAdmin = { ...other, role: 'admin' as const };
		expect(await deletePerson(asAdmin, admin.id, { confirmEmail: admin.email })).toMatchObject({
			status: 409,
			message: 'The last active administrator can never be deleted'
		});
		await setUserRole(other.id, 'admin');
		// With a second administrator, Ada still has to be deactivated first.
		expect(await deletePerson(asAdmin, admin.id, { confirmEmail: admin.email })).toMatchObject({
			status: 409,
			message: expect.stringMatching(/^Deactivate Ada Admin first/)
		});
		await setUserRole(other.id, 'member');

		const token = generateSessionToken();
		await createSession(token, other.id);
		ok(await deactivatePerson(admin, other.id, { newOwnerId: successor.id }));
		expect((await validateSessionToken(token)).user).toBeNull();
		ok(await deletePerson(admin, other.id, { confirmEmail: 'other.admin@nhs.net' }));
		expect(await count(sql`select count(*)::int as n from sessions where user_id = ${other.id}`)).toBe(0);
	});
});

describe('the person page and the endpoint', () => {
	it('confirms in two steps on the page, then redirects to the list with the audit reference', async () => {
		const { leaver } = await leaverWithWork('pat@nhs.net', 'Pat Page');
		const ev = (fields: Record<string, string>) =>
			pageEvent(admin, `/admin/users/${leaver.id}?/delete`, { params: { id: leaver.id }, fields }) as never;
		expect(await outcome(() => personPage.actions.delete(ev({})))).toMatchObject({
			kind: 'fail',
			status: 409,
			data: { message: 'Deactivate Pat Page first' }
		});
		ok(await deactivatePerson(admin, leaver.id, { newOwnerId: successor.id }));
		expect(await outcome(() => personPage.actions.delete(ev({})))).toMatchObject({
			kind: 'data',
			data: { confirmDelete: true }
		});
		expect(await outcome(() => personPage.actions.delete(ev({ step: 'confirm', confirmEmail: 'nope' })))).toMatchObject(
			{ kind: 'fail', status: 400, data: { field: 'confirmEmail', confirmDelete: true } }
		);
		const byMember = pageEvent(member, `/admin/users/${leaver.id}?/delete`, {
			params: { id: leaver.id },
			fields: { step: 'confirm', confirmEmail: 'pat@nhs.net' }
		}) as never;
		expect(await outcome(() => personPage.actions.delete(byMember))).toMatchObject({ kind: 'error', status: 403 });
		const done = await outcome(() => personPage.actions.delete(ev({ step: 'confirm', confirmEmail: 'pat@nhs.net' })));
		const ref = leaver.id.replace(/-/g, '').slice(0, 8);
		expect(done).toEqual({ kind: 'redirect', status: 303, location: `/admin/users?deleted=${ref}` });
	});

	it('answers JSON: 403 for members, 409 before deactivation, 400 for a bad body, 200 when done', async () => {
		const { leaver } = await leaverWithWork('jay@nhs.net', 'Jay Json');
		const call = (user: SessionUser, body: string) =>
			callRoute(deleteApi.DELETE as never, {
				user,
				method: 'DELETE',
				path: `/api/admin/users/${leaver.id}`,
				params: { id: leaver.id },
				body
			});
		expect((await call(member, '{}')).status).toBe(403);
		expect((await call(admin, JSON.stringify({ confirmEmail: 'jay@nhs.net' }))).status).toBe(409);
		ok(await deactivatePerson(admin, leaver.id, { newOwnerId: successor.id }));
		const notJson = await call(admin, 'not json');
		expect(notJson.status).toBe(400);
		expect(await notJson.json()).toMatchObject({ message: 'The request body must be JSON' });
		const bad = await call(admin, JSON.stringify({ confirmEmail: 'x@nhs.net' }));
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({
			field: 'confirmEmail',
			message: expect.stringContaining('does not match')
		});
		const good = await call(admin, JSON.stringify({ confirmEmail: 'jay@nhs.net' }));
		expect(good.status).toBe(200);
		expect(await good.json()).toEqual({
			deleted: true,
			auditReference: `Deleted person #${leaver.id.replace(/-/g, '').slice(0, 8)}`,
			chatsDeleted: 1,
			attachmentsDeleted: 1,
			sharedMoved: 0
		});
	});
});
