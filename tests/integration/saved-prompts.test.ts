/**
 * The prompt library's JSON API: who can view, use, edit and delete private, team and organisation
 * prompts (invisible prompts are 404, forbidden changes to visible ones 403), and bad input is refused
 * with a message per field and never changes what is stored.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SavedPromptView } from '$lib/schemas/saved-prompt';
import type { SessionUser } from '$lib/schemas/user';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import { addTeamMember, createTeamWithOwner } from '$lib/server/db/queries/teams';
import { createUser } from '$lib/server/db/queries/users';
import * as promptsRoute from '../../src/routes/api/prompts/+server';
import * as promptRoute from '../../src/routes/api/prompts/[id]/+server';
import * as editPage from '../../src/routes/(app)/prompts/[id]/+page.server';
import { callRoute } from '../helpers/chat';
import { outcome, pageEvent } from '../helpers/forms';
import { queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let admin: SessionUser;
let otherAdmin: SessionUser;
let author: SessionUser;
let editor: SessionUser;
let member: SessionUser;
let another: SessionUser;
let teamId: string;
let otherTeamId: string;

async function account(email: string, name: string, role?: 'admin'): Promise<SessionUser> {
	const u = await createUser({ email, name, passwordHash: 'not-a-hash', ...(role ? { role } : {}) });
	return { id: u.id, email: u.email, name: u.name, role: u.role };
}

beforeAll(async () => {
	testDb = await setupTestDatabase();
	admin = await account('admin@nhs.net', 'Ada Admin'); // the first account is an admin
	otherAdmin = await account('admin2@nhs.net', 'Abe Admin', 'admin');
	author = await account('author@nhs.net', 'Al Author');
	editor = await account('editor@nhs.net', 'Eve Editor');
	member = await account('member@nhs.net', 'Mo Member');
	another = await account('another@nhs.net', 'An Other');
	expect(admin.role).toBe('admin');
	expect(otherAdmin.role).toBe('admin');
	expect(author.role).toBe('member');
	const team = await createTeamWithOwner({ name: 'Press office', description: '', ownerId: editor.id });
	teamId = team.id;
	await addTeamMember(teamId, author.id, 'member');
	await addTeamMember(teamId, member.id, 'member');
	// The editor's role in this team is "editor"; they own a second team nobody else is in.
	await queryRows(
		testDb.handle,
		sql`update team_memberships set role = 'editor' where team_id = ${teamId} and user_id = ${editor.id}`
	);
	otherTeamId = (await createTeamWithOwner({ name: 'Digital', description: '', ownerId: another.id })).id;
});

afterAll(async () => {
	await testDb?.teardown();
});

const api = {
	list: (user: SessionUser | null, query = '') => callRoute(promptsRoute.GET, { user, path: `/api/prompts${query}` }),
	create: (user: SessionUser | null, body: unknown) =>
		callRoute(promptsRoute.POST, { user, method: 'POST', path: '/api/prompts', body }),
	get: (user: SessionUser, id: string) =>
		callRoute(promptRoute.GET, { user, path: `/api/prompts/${id}`, params: { id } }),
	patch: (user: SessionUser, id: string, body: unknown) =>
		callRoute(promptRoute.PATCH, { user, method: 'PATCH', path: `/api/prompts/${id}`, params: { id }, body }),
	remove: (user: SessionUser, id: string) =>
		callRoute(promptRoute.DELETE, { user, method: 'DELETE', path: `/api/prompts/${id}`, params: { id } })
};

type Kind = 'private' | 'team' | 'organisation';

/** A fresh prompt of each kind, saved through the API by its author. */
async function newPrompt(kind: Kind): Promise<SavedPromptView> {
	const creator = kind === 'organisation' ? otherAdmin : author;
	const res = await api.create(creator, {
		title: `${kind} prompt`,
		body: 'Write a {{channel}} post about {{topic}}',
		visibility: kind,
		teamId: kind === 'team' ? teamId : undefined
	});
	expect(res.status).toBe(201);
	return (await res.json()) as SavedPromptView;
}

type Cell = { view: number; use: boolean; edit: number; remove: number };
const ALL: Cell = { view: 200, use: true, edit: 200, remove: 204 };
const USE_ONLY: Cell = { view: 200, use: true, edit: 403, remove: 403 };
const HIDDEN: Cell = { view: 404, use: false, edit: 404, remove: 404 };

// Rows: who acts. The prompt's owner is the author (an ordinary team member) or, for organisation
// prompts, another administrator. The admin below belongs to no team.
const matrix: Record<Kind, Record<string, Cell>> = {
	private: { owner: ALL, 'team editor': HIDDEN, 'team member': HIDDEN, 'another member': HIDDEN, admin: HIDDEN },
	team: { owner: ALL, 'team editor': ALL, 'team member': USE_ONLY, 'another member': HIDDEN, admin: HIDDEN },
	organisation: {
		owner: ALL,
		'team editor': USE_ONLY,
		'team member': USE_ONLY,
		'another member': USE_ONLY,
		admin: ALL
	}
};

function actor(kind: Kind, row: string): SessionUser {
	if (row === 'owner') return kind === 'organisation' ? otherAdmin : author;
	return { 'team editor': editor, 'team member': member, 'another member': another, admin }[row]!;
}

describe('the authorisation matrix', () => {
	const cases = (Object.keys(matrix) as Kind[]).flatMap((kind) =>
		Object.entries(matrix[kind]).map(([row, cell]) => [kind, row, cell] as const)
	);
	it.each(cases)('%s prompt, %s', async (kind, row, cell) => {
		const user = actor(kind, row);
		const prompt = await newPrompt(kind);

		const viewed = await api.get(user, prompt.id);
		expect(viewed.status, 'view').toBe(cell.view);
		if (cell.view === 200) {
			const view = (await viewed.json()) as SavedPromptView;
			expect(view.variables).toEqual(['channel', 'topic']);
			expect(view.can.edit).toBe(cell.edit === 200);
		} else {
			expect(await viewed.json()).toMatchObject({ message: 'Prompt not found' });
		}

		const listed = (await (await api.list(user)).json()) as { prompts: SavedPromptView[] };
		expect(
			listed.prompts.some((p) => p.id === prompt.id),
			'use (listed for the composer)'
		).toBe(cell.use);

		const edited = await api.patch(user, prompt.id, { title: `${kind} prompt, edited` });
		expect(edited.status, 'edit').toBe(cell.edit);
		const stored = await api.get(actor(kind, 'owner'), prompt.id);
		expect(((await stored.json()) as SavedPromptView).title).toBe(
			cell.edit === 200 ? `${kind} prompt, edited` : `${kind} prompt`
		);

		const removed = await api.remove(user, prompt.id);
		expect(removed.status, 'delete').toBe(cell.remove);
		expect((await api.get(actor(kind, 'owner'), prompt.id)).status).toBe(cell.remove === 204 ? 404 : 200);
	});

	it('lists by scope: mine, team and organisation', async () => {
		const own = await newPrompt('private');
		const team = await newPrompt('team');
		const org = await newPrompt('organisation');
		const ids = async (scope: string) =>
			((await (await api.list(author, `?scope=${scope}`)).json()) as { prompts: SavedPromptView[] }).prompts.map(
				(p) => p.id
			);
		expect(await ids('mine')).toContain(own.id);
		expect(await ids('mine')).not.toContain(team.id);
		expect(await ids('team')).toEqual(expect.arrayContaining([team.id]));
		expect(await ids('team')).not.toContain(org.id);
		expect(await ids('organisation')).toContain(org.id);
		expect((await api.list(author, '?scope=everything')).status).toBe(400);
	});

	it('lets any team member add a team prompt, but only administrators share with everyone', async () => {
		const teamPrompt = await api.create(member, { title: 'Team one', body: 'Hello', visibility: 'team', teamId });
		expect(teamPrompt.status).toBe(201);
		expect(await teamPrompt.json()).toMatchObject({ teamName: 'Press office', mine: true });

		const org = await api.create(member, { title: 'For all', body: 'Hello', visibility: 'organisation' });
		expect(org.status).toBe(403);
		expect(await org.json()).toMatchObject({
			errors: { visibility: 'Only administrators can share prompts with the whole organisation' }
		});

		const own = (await (await api.create(member, { title: 'Mine', body: 'Hi', visibility: 'private' })).json()) as {
			id: string;
		};
		const promote = await api.patch(member, own.id, { visibility: 'organisation' });
		expect(promote.status).toBe(403);
		expect(((await (await api.get(member, own.id)).json()) as SavedPromptView).visibility).toBe('private');
	});

	it('records organisation prompt changes in the audit log without their text', async () => {
		const before = (await listAuditEvents({ action: 'prompt.organisation_created', limit: 1000 })).length;
		const org = await newPrompt('organisation');
		const events = await listAuditEvents({ action: 'prompt.organisation_created', limit: 1000 });
		expect(events).toHaveLength(before + 1);
		expect(events[0]).toMatchObject({ actorId: otherAdmin.id, targetId: org.id });
		expect(JSON.stringify(events[0].details)).not.toContain('Write a');
	});

	it('needs a signed-in person', async () => {
		expect((await api.list(null)).status).toBe(401);
		expect((await api.create(null, { title: 'x', body: 'y', visibility: 'private' })).status).toBe(401);
	});
});

describe('who a prompt is shared with', () => {
	const stored = async (id: string, as: SessionUser = author) =>
		(await (await api.get(as, id)).json()) as SavedPromptView;

	it('lets a team editor change the title and text but not who can use it', async () => {
		const prompt = await newPrompt('team');
		expect((await stored(prompt.id, editor)).can).toEqual({ edit: true, delete: true, share: false });
		expect((await stored(prompt.id, author)).can).toEqual({ edit: true, delete: true, share: true });

		for (const change of [{ visibility: 'private' }, { visibility: 'organisation' }, { teamId: otherTeamId }]) {
			const res = await api.patch(editor, prompt.id, { title: 'Taken over', ...change });
			expect(res.status, JSON.stringify(change)).toBeGreaterThanOrEqual(400);
			expect(res.status).toBeLessThan(500);
		}
		const refused = await api.patch(editor, prompt.id, { visibility: 'private' });
		expect(refused.status).toBe(403);
		expect(await refused.json()).toMatchObject({
			errors: { visibility: expect.stringMatching(/Only the prompt’s author/) }
		});
		expect(await stored(prompt.id)).toMatchObject({ title: 'team prompt', visibility: 'team', teamId });

		// The edit form posts the sharing unchanged alongside the new text: that is allowed.
		const edited = await api.patch(editor, prompt.id, {
			title: 'Team prompt, tidied',
			body: 'Write a {{channel}} post',
			visibility: 'team',
			teamId
		});
		expect(edited.status).toBe(200);
		expect(await stored(prompt.id, member)).toMatchObject({ title: 'Team prompt, tidied', visibility: 'team', teamId });
	});

	it('lets the author re-share their own prompt', async () => {
		const prompt = await newPrompt('team');
		const res = await api.patch(author, prompt.id, { visibility: 'private' });
		expect(res.status).toBe(200);
		expect(await stored(prompt.id)).toMatchObject({ visibility: 'private', teamId: null });
		expect((await api.get(editor, prompt.id)).status).toBe(404);
	});

	it('lets any administrator re-share an organisation prompt', async () => {
		const prompt = await newPrompt('organisation');
		expect((await stored(prompt.id, admin)).can.share).toBe(true);
		expect((await stored(prompt.id, member)).can).toEqual({ edit: false, delete: false, share: false });
		const res = await api.patch(admin, prompt.id, { visibility: 'private' });
		expect(res.status).toBe(200);
		expect(await stored(prompt.id, otherAdmin)).toMatchObject({ visibility: 'private', mine: true });
		expect((await api.get(admin, prompt.id)).status).toBe(404);
	});

	it('keeps the sharing when an editor saves the edit form, which posts it in hidden fields', async () => {
		const prompt = await newPrompt('team');
		const fields = { title: 'From the form', body: 'Hello', visibility: 'team', teamId };
		const path = `/prompts/${prompt.id}`;
		const saved = await outcome(() =>
			editPage.actions.default(pageEvent(editor, path, { params: { id: prompt.id }, fields }) as never)
		);
		expect(saved).toMatchObject({ kind: 'redirect', location: '/prompts' });
		const tampered = await outcome(() =>
			editPage.actions.default(
				pageEvent(editor, path, { params: { id: prompt.id }, fields: { ...fields, visibility: 'private' } }) as never
			)
		);
		expect(tampered).toMatchObject({ kind: 'fail', status: 403, data: { errors: { visibility: expect.any(String) } } });
		expect(await stored(prompt.id)).toMatchObject({ title: 'From the form', visibility: 'team', teamId });
	});
});

describe('bad input', () => {
	const bad: [string, unknown, Record<string, string | RegExp>][] = [
		['no title', { body: 'Hi', visibility: 'private' }, { title: 'Enter a title' }],
		['an empty prompt', { title: 'T', body: '   ', visibility: 'private' }, { body: 'Enter the prompt' }],
		[
			'an over-long prompt',
			{ title: 'T', body: 'x'.repeat(8001), visibility: 'private' },
			{ body: 'Prompts must be 8,000 characters or fewer' }
		],
		[
			'an over-long title',
			{ title: 'x'.repeat(121), body: 'Hi', visibility: 'private' },
			{ title: 'The title must be 120 characters or fewer' }
		],
		[
			'an unknown visibility',
			{ title: 'T', body: 'Hi', visibility: 'public' },
			{ visibility: 'visibility must be one of: private, team, organisation' }
		],
		['a team prompt without a team', { title: 'T', body: 'Hi', visibility: 'team' }, { teamId: /Choose the team/ }],
		[
			'a team id that is not an id',
			{ title: 'T', body: 'Hi', visibility: 'team', teamId: 'press' },
			{ teamId: 'teamId must be a team id' }
		],
		[
			'a broken variable',
			{ title: 'T', body: 'About {{1st topic}}', visibility: 'private' },
			{ body: /is not a variable/ }
		],
		['a JSON array', [1, 2], { form: 'The request body must be a JSON object' }]
	];
	it.each(bad)('refuses %s with a message for the field', async (_what, body, errors) => {
		const res = await api.create(author, body);
		expect(res.status).toBe(400);
		const answer = (await res.json()) as { message: string; errors: Record<string, string>; errorId: string };
		for (const [field, message] of Object.entries(errors)) {
			if (typeof message === 'string') expect(answer.errors[field]).toBe(message);
			else expect(answer.errors[field]).toMatch(message);
		}
		expect(answer.message).toBeTruthy();
		expect(answer.errorId).toBeTruthy();
	});

	it('refuses a team the person does not belong to', async () => {
		const res = await api.create(author, { title: 'T', body: 'Hi', visibility: 'team', teamId: otherTeamId });
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ errors: { teamId: 'Choose one of your teams' } });
	});

	it('refuses a body that is not JSON', async () => {
		const res = await api.create(author, '{"title":');
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ message: 'The request body must be JSON' });
	});

	it('refuses a bad change without changing the stored prompt', async () => {
		const prompt = await newPrompt('private');
		const res = await api.patch(author, prompt.id, { title: '', body: 'Changed' });
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ errors: { title: 'Enter a title' } });
		const stored = (await (await api.get(author, prompt.id)).json()) as SavedPromptView;
		expect(stored).toMatchObject({ title: 'private prompt', body: 'Write a {{channel}} post about {{topic}}' });
		expect((await api.patch(author, prompt.id, 'not json')).status).toBe(400);
		// A malformed change to someone else's prompt still reveals nothing.
		expect((await api.patch(another, prompt.id, 'not json')).status).toBe(404);
	});

	it('treats ids that are not prompts as not found', async () => {
		expect((await api.get(author, 'not-a-uuid')).status).toBe(404);
		expect((await api.get(author, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
		expect((await api.remove(author, 'not-a-uuid')).status).toBe(404);
	});
});
