/**
 * The assistants API: validation, versions and rollback, sharing and approval, and the authorisation
 * matrix (owner, team editor, team member, another member, admin × view, use, edit, publish, approve,
 * delete for private, team and organisation assistants), all through the route handlers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { SessionUser } from '$lib/schemas/user';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import { finishEvaluation, insertEvaluation } from '$lib/server/db/queries/evaluations';
import { addTeamMember, createTeamWithOwner } from '$lib/server/db/queries/teams';
import { createUser } from '$lib/server/db/queries/users';
import * as listRoute from '../../src/routes/api/assistants/+server';
import * as oneRoute from '../../src/routes/api/assistants/[id]/+server';
import * as approvalRoute from '../../src/routes/api/assistants/[id]/approval/+server';
import * as duplicateRoute from '../../src/routes/api/assistants/[id]/duplicate/+server';
import * as rollbackRoute from '../../src/routes/api/assistants/[id]/rollback/+server';
import * as unpublishRoute from '../../src/routes/api/assistants/[id]/unpublish/+server';
import * as versionsRoute from '../../src/routes/api/assistants/[id]/versions/+server';
import * as chatsRoute from '../../src/routes/api/chats/+server';
import { callRoute } from '../helpers/chat';
import { queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let admin: SessionUser;
let owner: SessionUser;
let editor: SessionUser;
let member: SessionUser;
let other: SessionUser;
let teamId: string;

async function account(email: string, name: string): Promise<SessionUser> {
	const u = await createUser({ email, name, passwordHash: 'not-a-hash' });
	return { id: u.id, email: u.email, name: u.name, role: u.role };
}

beforeAll(async () => {
	testDb = await setupTestDatabase();
	admin = await account('admin@nhs.net', 'Ada Admin');
	owner = await account('owner@nhs.net', 'Olu Owner');
	editor = await account('editor@nhs.net', 'Eve Editor');
	member = await account('member@nhs.net', 'Mo Member');
	other = await account('other@nhs.net', 'Oz Other');
	expect(admin.role).toBe('admin');
	const team = await createTeamWithOwner({ name: 'Press office', description: '', ownerId: owner.id });
	teamId = team.id;
	await addTeamMember(teamId, editor.id, 'editor');
	await addTeamMember(teamId, member.id, 'member');
});

afterAll(async () => {
	await testDb?.teardown();
});

function definition(overrides: Record<string, unknown> = {}) {
	return {
		name: 'Press release helper',
		description: 'Drafts press releases in NHS style',
		category: 'Media and press',
		instructions: 'Draft a press release with a headline, summary, quote and notes to editors.',
		visibility: 'private',
		status: 'published',
		starters: ['Announce a new clinic'],
		intake: {
			mode: 'form',
			questions: [
				{
					id: 'audience',
					label: 'Who is it for?',
					type: 'single_choice',
					options: ['Public', 'Staff'],
					required: true
				},
				{ id: 'key_message', label: 'What is the key message?', type: 'long_text', required: true },
				{ id: 'embargo', label: 'Is there an embargo?', type: 'short_text', required: false }
			]
		},
		...overrides
	};
}

async function create(user: SessionUser, body: unknown): Promise<Response> {
	return callRoute(listRoute.POST, { user, method: 'POST', path: '/api/assistants', body });
}

async function createOk(
	user: SessionUser,
	overrides: Record<string, unknown> = {}
): Promise<{ id: string; version: number }> {
	const res = await create(user, definition(overrides));
	expect(res.status, await res.clone().text()).toBe(201);
	return (await res.json()) as { id: string; version: number };
}

const get = (user: SessionUser, id: string) =>
	callRoute(oneRoute.GET, { user, path: `/api/assistants/${id}`, params: { id } });
const patch = (user: SessionUser, id: string, body: unknown) =>
	callRoute(oneRoute.PATCH, { user, method: 'PATCH', path: `/api/assistants/${id}`, params: { id }, body });
const remove = (user: SessionUser, id: string) =>
	callRoute(oneRoute.DELETE, { user, method: 'DELETE', path: `/api/assistants/${id}`, params: { id } });
const approve = (user: SessionUser, id: string, body: unknown = { decision: 'approve' }) =>
	callRoute(approvalRoute.POST, { user, method: 'POST', path: `/api/assistants/${id}/approval`, params: { id }, body });
/** Approval needs a completed evaluation of the version (issue 15): records one, as a finished run would. */
async function evaluated(id: string): Promise<void> {
	const [row] = await queryRows<{ version: number }>(
		testDb.handle,
		sql`select version from assistants where id = ${id}`
	);
	const run = await insertEvaluation({
		assistantId: id,
		assistantVersion: row.version,
		model: 'stub-model',
		total: 0,
		requestedBy: null
	});
	await finishEvaluation(run.id, 'completed');
}
const startChat = (user: SessionUser, assistantId: string) =>
	callRoute(chatsRoute.POST, { user, method: 'POST', path: '/api/chats', body: { assistantId } });

async function listIds(user: SessionUser, query = ''): Promise<string[]> {
	const res = await callRoute(listRoute.GET, { user, path: `/api/assistants${query}` });
	expect(res.status).toBe(200);
	return ((await res.json()) as { id: string }[]).map((a) => a.id);
}

describe('creating and validating', () => {
	it('creates an assistant with version 1 and returns it', async () => {
		const res = await create(owner, definition());
		expect(res.status).toBe(201);
		const body = (await res.json()) as Record<string, unknown>;
		expect(body).toMatchObject({
			name: 'Press release helper',
			version: 1,
			visibility: 'private',
			status: 'published'
		});
		expect((body.intake as { questions: unknown[] }).questions).toHaveLength(3);
		const listed = await callRoute(listRoute.GET, { user: owner, path: '/api/assistants?scope=mine' });
		const summary = ((await listed.json()) as Record<string, unknown>[]).find((a) => a.id === body.id);
		expect(Object.keys(summary!)).toEqual(
			expect.arrayContaining(['id', 'name', 'description', 'category', 'visibility', 'status', 'version', 'intake'])
		);
	});

	it('rejects bad input with a message for each field', async () => {
		const cases: [Record<string, unknown>, string][] = [
			[{ name: '' }, 'name'],
			[{ visibility: 'everyone' }, 'visibility'],
			[{ instructions: 'x'.repeat(8001) }, 'instructions'],
			[{ starters: ['a', 'b', 'c', 'd', 'e'] }, 'starters'],
			[{ intake: { mode: 'sometimes', questions: [] } }, 'intake.mode'],
			[
				{
					intake: {
						mode: 'form',
						questions: [{ id: 'channel', label: 'Which channel?', type: 'single_choice', options: [], required: true }]
					}
				},
				'intake.questions.0.options'
			],
			[
				{
					intake: {
						mode: 'form',
						questions: [
							{ id: 'a', label: 'Audience?', type: 'short_text', required: true },
							{ id: 'b', label: 'audience?', type: 'short_text', required: true }
						]
					}
				},
				'intake.questions.1.label'
			],
			[
				{ intake: { mode: 'form', questions: [{ id: 'a', label: '', type: 'short_text', required: true }] } },
				'intake.questions.0.label'
			],
			[
				{
					intake: {
						mode: 'form',
						questions: Array.from({ length: 21 }, (_, i) => ({
							id: `q${i}`,
							label: `Question ${i}`,
							type: 'short_text'
						}))
					}
				},
				'intake.questions'
			],
			[{ visibility: 'team' }, 'teamId'],
			[{ collections: ['no-such-collection'] }, 'collections']
		];
		for (const [overrides, field] of cases) {
			const res = await create(owner, definition(overrides));
			expect(res.status, field).toBe(400);
			const body = (await res.json()) as { message: string; errors: Record<string, string> };
			expect(Object.keys(body.errors), field).toContain(field);
			expect(body.message.length).toBeGreaterThan(5);
		}
		const notJson = await create(owner, '{oops');
		expect(notJson.status).toBe(400);
	});

	it('refuses sharing with a team the builder only belongs to as a member', async () => {
		const res = await create(member, definition({ visibility: 'team', teamId }));
		expect(res.status).toBe(400);
		expect(((await res.json()) as { errors: Record<string, string> }).errors.teamId).toMatch(/owner or editor/);
	});
});

describe('versions', () => {
	it('makes a version on every save, lists them, and rolls back by saving the old one again', async () => {
		const { id } = await createOk(owner, { visibility: 'team', teamId });
		const saved = await patch(editor, id, { instructions: 'Shorter instructions.', changeNote: 'Tightened' });
		expect(saved.status).toBe(200);
		expect(((await saved.json()) as { version: number }).version).toBe(2);
		const byMember = await callRoute(versionsRoute.GET, {
			user: member,
			path: `/api/assistants/${id}/versions`,
			params: { id }
		});
		expect(byMember.status).toBe(403); // members use the assistant; its history is for the people who build it
		const res = await callRoute(versionsRoute.GET, {
			user: editor,
			path: `/api/assistants/${id}/versions`,
			params: { id }
		});
		const versions = (await res.json()) as {
			version: number;
			changeNote: string;
			createdByName: string;
			definition: { instructions: string };
		}[];
		expect(versions.map((v) => v.version)).toEqual([2, 1]);
		expect(versions[0]).toMatchObject({ changeNote: 'Tightened', createdByName: 'Eve Editor' });

		const rolled = await callRoute(rollbackRoute.POST, {
			user: editor,
			method: 'POST',
			path: `/api/assistants/${id}/rollback`,
			params: { id },
			body: { version: 1 }
		});
		expect(rolled.status).toBe(200);
		const after = (await rolled.json()) as { version: number; instructions: string };
		expect(after.version).toBe(3);
		expect(after.instructions).toBe(definition().instructions);

		const bad = await callRoute(rollbackRoute.POST, {
			user: editor,
			method: 'POST',
			path: `/api/assistants/${id}/rollback`,
			params: { id },
			body: { version: 99 }
		});
		expect(bad.status).toBe(400);
		const memberRollback = await callRoute(rollbackRoute.POST, {
			user: member,
			method: 'POST',
			path: `/api/assistants/${id}/rollback`,
			params: { id },
			body: { version: 1 }
		});
		expect(memberRollback.status).toBe(403);
	});

	it('records the version a chat starts with, and counts use', async () => {
		const { id } = await createOk(owner, { visibility: 'team', teamId });
		await patch(owner, id, { description: 'Second version' });
		const res = await startChat(member, id);
		expect(res.status).toBe(201);
		const { id: chatId } = (await res.json()) as { id: string };
		const [row] = await queryRows<{ assistant_id: string; assistant_version: number }>(
			testDb.handle,
			sql`select assistant_id, assistant_version from chats where id = ${chatId}::uuid`
		);
		expect(row).toEqual({ assistant_id: id, assistant_version: 2 });
		expect(((await (await get(owner, id)).json()) as { usageCount: number }).usageCount).toBe(1);
		expect((await startChat(other, id)).status).toBe(404);
	});
});

describe('sharing with the organisation', () => {
	it('needs an admin to approve (or decline with a reason); admins can unpublish', async () => {
		const { id } = await createOk(owner, { visibility: 'organisation', name: 'Social posts' });
		expect(((await (await get(owner, id)).json()) as { approval: string }).approval).toBe('pending');
		expect(await listIds(other)).not.toContain(id);

		const noReason = await approve(admin, id, { decision: 'decline' });
		expect(noReason.status).toBe(400);
		const declined = await approve(admin, id, { decision: 'decline', reason: 'Add the inclusive language collection' });
		expect(declined.status).toBe(200);
		expect((await declined.json()) as object).toMatchObject({
			approval: 'declined',
			approvalReason: 'Add the inclusive language collection'
		});
		expect(await listIds(other)).not.toContain(id);

		await patch(owner, id, { collections: [], changeNote: 'Addressed feedback' });
		expect(((await (await get(owner, id)).json()) as { approval: string }).approval).toBe('pending');
		expect((await approve(owner, id)).status).toBe(403);
		await evaluated(id);
		expect((await approve(admin, id)).status).toBe(200);
		expect(await listIds(other)).toContain(id);
		expect(await listIds(other, '?scope=organisation')).toContain(id);

		const unpublished = await callRoute(unpublishRoute.POST, {
			user: admin,
			method: 'POST',
			path: `/api/assistants/${id}/unpublish`,
			params: { id }
		});
		expect(unpublished.status).toBe(200);
		expect(await listIds(other)).not.toContain(id);
		const events = (await listAuditEvents({ limit: 1000 })).filter((e) => e.targetId === id).map((e) => e.action);
		expect(events).toEqual(
			expect.arrayContaining([
				'assistant.created',
				'assistant.updated',
				'assistant.approval_decided',
				'assistant.unpublished'
			])
		);
	});

	it('duplicates any assistant I can see into my own space as a private draft', async () => {
		const { id } = await createOk(owner, { visibility: 'team', teamId, name: 'Bulletin' });
		const res = await callRoute(duplicateRoute.POST, {
			user: member,
			method: 'POST',
			path: `/api/assistants/${id}/duplicate`,
			params: { id }
		});
		expect(res.status).toBe(201);
		const copy = (await res.json()) as {
			id: string;
			name: string;
			visibility: string;
			status: string;
			ownerId: string;
		};
		expect(copy).toMatchObject({
			name: 'Copy of Bulletin',
			visibility: 'private',
			status: 'draft',
			ownerId: member.id
		});
		const hidden = await callRoute(duplicateRoute.POST, {
			user: other,
			method: 'POST',
			path: `/api/assistants/${id}/duplicate`,
			params: { id }
		});
		expect(hidden.status).toBe(404);
	});
});

type Role = 'owner' | 'editor' | 'member' | 'other' | 'admin';
type Action = 'view' | 'use' | 'edit' | 'publish' | 'approve' | 'delete' | 'history' | 'duplicate';
type Visibility = 'private' | 'team' | 'organisation';

/** Expected HTTP status for each action, by visibility and role. */
const MATRIX: Record<Visibility, Record<Action, Record<Role, number>>> = {
	private: {
		view: { owner: 200, editor: 404, member: 404, other: 404, admin: 404 },
		use: { owner: 201, editor: 404, member: 404, other: 404, admin: 404 },
		edit: { owner: 200, editor: 404, member: 404, other: 404, admin: 404 },
		publish: { owner: 200, editor: 404, member: 404, other: 404, admin: 404 },
		approve: { owner: 403, editor: 404, member: 404, other: 404, admin: 404 },
		delete: { owner: 204, editor: 404, member: 404, other: 404, admin: 404 },
		history: { owner: 200, editor: 404, member: 404, other: 404, admin: 404 },
		duplicate: { owner: 201, editor: 404, member: 404, other: 404, admin: 404 }
	},
	team: {
		view: { owner: 200, editor: 200, member: 200, other: 404, admin: 200 },
		use: { owner: 201, editor: 201, member: 201, other: 404, admin: 201 },
		edit: { owner: 200, editor: 200, member: 403, other: 404, admin: 403 },
		publish: { owner: 200, editor: 403, member: 403, other: 404, admin: 403 },
		approve: { owner: 403, editor: 403, member: 403, other: 404, admin: 409 },
		delete: { owner: 204, editor: 403, member: 403, other: 404, admin: 204 },
		history: { owner: 200, editor: 200, member: 403, other: 404, admin: 403 },
		duplicate: { owner: 201, editor: 201, member: 201, other: 404, admin: 201 }
	},
	organisation: {
		view: { owner: 200, editor: 200, member: 200, other: 200, admin: 200 },
		use: { owner: 201, editor: 201, member: 201, other: 201, admin: 201 },
		edit: { owner: 200, editor: 200, member: 403, other: 403, admin: 403 },
		publish: { owner: 200, editor: 403, member: 403, other: 403, admin: 403 },
		approve: { owner: 403, editor: 403, member: 403, other: 403, admin: 409 },
		delete: { owner: 204, editor: 403, member: 403, other: 403, admin: 204 },
		history: { owner: 200, editor: 200, member: 403, other: 403, admin: 403 },
		duplicate: { owner: 201, editor: 201, member: 201, other: 201, admin: 201 }
	}
};

describe('authorisation matrix', () => {
	const users = (): Record<Role, SessionUser> => ({ owner, editor, member, other, admin });

	/** A fresh assistant for each cell, so edits and deletes do not affect each other. */
	async function fixture(visibility: Visibility): Promise<string> {
		const { id } = await createOk(owner, {
			visibility,
			teamId: visibility === 'private' ? null : teamId,
			name: `Matrix ${visibility}`
		});
		if (visibility === 'organisation') {
			await evaluated(id);
			expect((await approve(admin, id)).status).toBe(200);
		}
		return id;
	}

	async function attempt(action: Action, user: SessionUser, id: string): Promise<number> {
		switch (action) {
			case 'view':
				return (await get(user, id)).status;
			case 'use':
				return (await startChat(user, id)).status;
			case 'edit':
				return (await patch(user, id, { description: `Edited by ${user.name}` })).status;
			case 'publish': {
				// Publishing: the sharing changes (private → team, team → organisation, organisation → team).
				const current = (await (await get(owner, id)).json()) as { visibility: Visibility };
				const next = current.visibility === 'team' ? 'organisation' : 'team';
				return (await patch(user, id, { visibility: next, teamId })).status;
			}
			case 'approve':
				return (await approve(user, id)).status;
			case 'delete':
				return (await remove(user, id)).status;
			case 'history':
				return (await callRoute(versionsRoute.GET, { user, path: `/api/assistants/${id}/versions`, params: { id } }))
					.status;
			case 'duplicate':
				return (
					await callRoute(duplicateRoute.POST, {
						user,
						method: 'POST',
						path: `/api/assistants/${id}/duplicate`,
						params: { id }
					})
				).status;
		}
	}

	for (const visibility of ['private', 'team', 'organisation'] as const) {
		for (const action of ['view', 'use', 'edit', 'publish', 'approve', 'delete', 'history', 'duplicate'] as const) {
			it(`${action} ${visibility === 'organisation' ? 'an' : 'a'} ${visibility} assistant`, async () => {
				const results: Record<string, number> = {};
				for (const role of ['owner', 'editor', 'member', 'other', 'admin'] as const) {
					const id = await fixture(visibility);
					results[role] = await attempt(action, users()[role], id);
				}
				expect(results).toEqual(MATRIX[visibility][action]);
			});
		}
	}

	it('lists only what each person may see', async () => {
		const priv = await fixture('private');
		const team = await fixture('team');
		const org = await fixture('organisation');
		const draft = (await createOk(owner, { visibility: 'team', teamId, status: 'draft', name: 'Team draft' })).id;
		const expectations: [SessionUser, string[], string[]][] = [
			[owner, [priv, team, org, draft], []],
			[editor, [team, org, draft], [priv]],
			[member, [team, org], [priv, draft]],
			[other, [org], [priv, team, draft]],
			[admin, [team, org, draft], [priv]]
		];
		for (const [user, visible, hidden] of expectations) {
			const ids = await listIds(user);
			for (const id of visible) expect(ids, `${user.name} sees ${id}`).toContain(id);
			for (const id of hidden) expect(ids, `${user.name} does not see ${id}`).not.toContain(id);
		}
	});

	it('answers 401 without a session and 404 for ids that are not uuids', async () => {
		expect((await callRoute(listRoute.GET, { user: null, path: '/api/assistants' })).status).toBe(401);
		expect((await get(owner, 'not-a-uuid')).status).toBe(404);
	});
});
