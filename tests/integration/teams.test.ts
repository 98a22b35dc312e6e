import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { SessionUser } from '$lib/schemas/user';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import type { AuditAction } from '$lib/server/governance/audit';
import { createUser } from '$lib/server/db/queries/users';
import {
	answerInvitation,
	invitesBySender,
	inviteMember,
	listMyInvitations,
	withdrawInvitation
} from '$lib/server/teams/invitations';
import {
	changeMemberRole,
	createTeam,
	getTeam,
	listMyTeams,
	listTeamsForAdmin,
	removeMember
} from '$lib/server/teams/service';
import * as teamPage from '../../src/routes/(app)/teams/[id]/+page.server';
import * as removePage from '../../src/routes/(app)/teams/[id]/members/[userId]/remove/+page.server';
import { outcome, pageEvent } from '../helpers/forms';
import { queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let admin: SessionUser;
let owner: SessionUser;
let editor: SessionUser;
let member: SessionUser;
let outsider: SessionUser;

async function account(email: string, name: string): Promise<SessionUser> {
	const u = await createUser({ email, name, passwordHash: 'not-a-hash' });
	return { id: u.id, email: u.email, name: u.name, role: u.role };
}

beforeAll(async () => {
	testDb = await setupTestDatabase();
	admin = await account('admin@nhs.net', 'Ada Admin'); // the first account is the admin
	owner = await account('owner@nhs.net', 'Olu Owner');
	editor = await account('editor@nhs.net', 'Eve Editor');
	member = await account('member@nhs.net', 'Mo Member');
	outsider = await account('outsider@nhs.net', 'Oz Outsider');
	expect(admin.role).toBe('admin');
	expect(owner.role).toBe('member');
});

afterAll(async () => {
	await testDb?.teardown();
});

beforeEach(async () => {
	await queryRows(testDb.handle, sql`delete from teams`);
});

/** Audit events about one team (the audit log is append-only, so earlier tests' events remain). */
async function teamEvents(teamId: string, action: AuditAction) {
	return (await listAuditEvents({ action, limit: 1000 })).filter((e) => e.targetId === teamId);
}

function ok<T>(r: { ok: true; value: T } | { ok: false; message: string }): T {
	if (!r.ok) throw new Error(`Expected success, got: ${r.message}`);
	return r.value;
}

/** Invites someone and has them accept, as the UI does. */
async function join(by: SessionUser, teamId: string, who: SessionUser, role?: string) {
	ok(await inviteMember(by, teamId, { email: who.email, role }));
	const inv = (await listMyInvitations(who)).find((i) => i.teamName);
	if (!inv) throw new Error(`No invitation for ${who.email}`);
	return ok(await answerInvitation(who, inv.id, true));
}

/** A team owned by `owner` with an editor and a member. */
async function teamOfThree(): Promise<string> {
	const { id } = ok(await createTeam(owner, { name: 'Press office', description: 'Media team' }));
	await join(owner, id, editor, 'editor');
	await join(owner, id, member);
	return id;
}

describe('creating a team', () => {
	it('makes the creator its owner and lists it under their teams', async () => {
		const result = await createTeam(member, { name: '  Digital comms  ' });
		const { id, name } = ok(result);
		expect(name).toBe('Digital comms');

		const team = await getTeam(member, id);
		expect(team?.myRole).toBe('owner');
		expect(team?.members.map((m) => [m.email, m.role])).toEqual([['member@nhs.net', 'owner']]);
		expect(await listMyTeams(member)).toMatchObject([{ id, name: 'Digital comms', role: 'owner', memberCount: 1 }]);
		expect(await listMyTeams(outsider)).toEqual([]);
	});

	it('refuses an empty or over-long name with a message for the field', async () => {
		const empty = await createTeam(member, { name: '   ' });
		expect(empty).toMatchObject({ ok: false, status: 400, fieldErrors: { name: 'Enter a team name' } });
		const long = await createTeam(member, { name: 'x'.repeat(81) });
		expect(long).toMatchObject({ ok: false, status: 400, fieldErrors: { name: expect.stringContaining('80') } });
		expect(await listMyTeams(member)).toEqual([]);
	});

	it('audits the creation by id only', async () => {
		const { id } = ok(await createTeam(owner, { name: 'Press office' }, { requestId: 'req-1' }));
		const [event] = await teamEvents(id, 'team.created');
		expect(event).toMatchObject({ actorId: owner.id, targetType: 'team', targetId: id, requestId: 'req-1' });
	});
});

describe('inviting members', () => {
	beforeEach(async () => {
		for (const u of [admin, owner, editor, member, outsider]) await invitesBySender.reset(u.id);
	});

	it('invites an email (any case) and adds nobody until they accept, with the chosen role', async () => {
		const id = await teamOfThree();
		const team = await getTeam(owner, id);
		expect(team?.members.map((m) => [m.name, m.role])).toEqual([
			['Olu Owner', 'owner'],
			['Eve Editor', 'editor'],
			['Mo Member', 'member']
		]);
		const invited = await inviteMember(owner, id, { email: '  OUTSIDER@NHS.NET ', role: 'editor' });
		expect(invited).toMatchObject({ ok: true, value: { email: 'outsider@nhs.net', role: 'editor', renewed: false } });
		expect(await getTeam(outsider, id)).toBeNull();
		expect((await getTeam(owner, id))?.invitations).toMatchObject([{ email: 'outsider@nhs.net', role: 'editor' }]);

		const [inv] = await listMyInvitations(outsider);
		expect(inv).toMatchObject({ teamName: 'Press office', role: 'editor', invitedByName: 'Olu Owner' });
		expect(await answerInvitation(outsider, inv.id, true)).toMatchObject({ ok: true, value: { teamId: id } });
		expect((await getTeam(outsider, id))?.myRole).toBe('editor');
		expect(await listMyInvitations(outsider)).toEqual([]);
		expect((await getTeam(owner, id))?.invitations).toEqual([]);
	});

	it('answers an address with no account exactly as one with an account', async () => {
		const id = await teamOfThree();
		const known = await inviteMember(owner, id, { email: 'outsider@nhs.net' });
		const unknown = await inviteMember(owner, id, { email: 'nobody@nhs.net' });
		const strip = (r: typeof known) => (r.ok ? { ...r.value, email: '', expiresAt: 0 } : r);
		expect(strip(unknown)).toEqual(strip(known));
		expect(JSON.stringify(known)).not.toContain('Oz Outsider');
		// The invitation waits for whoever signs up with that address.
		const later = await account('nobody@nhs.net', 'Nell Newcomer');
		expect(await listMyInvitations(later)).toMatchObject([{ teamName: 'Press office' }]);
	});

	it('lets the invitee decline, and nobody else answer their invitation', async () => {
		const id = await teamOfThree();
		ok(await inviteMember(owner, id, { email: 'outsider@nhs.net' }));
		const [inv] = await listMyInvitations(outsider);
		expect(await answerInvitation(member, inv.id, true)).toMatchObject({ ok: false, status: 404 });
		expect(await answerInvitation(admin, inv.id, true)).toMatchObject({ ok: false, status: 404 });
		expect(await answerInvitation(outsider, 'not-a-uuid', true)).toMatchObject({ ok: false, status: 404 });
		expect(await answerInvitation(outsider, inv.id, false)).toMatchObject({ ok: true });
		expect(await getTeam(outsider, id)).toBeNull();
		expect(await answerInvitation(outsider, inv.id, true)).toMatchObject({ ok: false, status: 404 });
		expect(await getTeam(outsider, id)).toBeNull();
	});

	it('lets an owner withdraw an invitation before it is answered', async () => {
		const id = await teamOfThree();
		ok(await inviteMember(owner, id, { email: 'outsider@nhs.net' }));
		const [waiting] = (await getTeam(owner, id))?.invitations ?? [];
		expect(await withdrawInvitation(member, id, { invitationId: waiting.id })).toMatchObject({ status: 403 });
		expect(await withdrawInvitation(owner, id, { invitationId: waiting.id })).toMatchObject({ ok: true });
		expect(await listMyInvitations(outsider)).toEqual([]);
		expect(await answerInvitation(outsider, waiting.id, true)).toMatchObject({ ok: false, status: 404 });
	});

	it('rejects a badly formed email or an unknown role', async () => {
		const id = await teamOfThree();
		expect(await inviteMember(owner, id, { email: 'not an email' })).toMatchObject({
			ok: false,
			status: 400,
			fieldErrors: { email: expect.stringContaining('correct format') }
		});
		expect(await inviteMember(owner, id, { email: 'outsider@nhs.net', role: 'boss' })).toMatchObject({
			ok: false,
			status: 400,
			fieldErrors: { role: 'Choose owner, editor or member' }
		});
		expect((await getTeam(owner, id))?.invitations).toEqual([]);
	});

	it('refuses to invite a member again and keeps their role; a second invitation renews the first', async () => {
		const id = await teamOfThree();
		const again = await inviteMember(owner, id, { email: 'editor@nhs.net', role: 'member' });
		expect(again).toMatchObject({ ok: false, status: 409, fieldErrors: { email: expect.stringMatching(/already/) } });
		const team = await getTeam(owner, id);
		expect(team?.members.filter((m) => m.userId === editor.id)).toMatchObject([{ role: 'editor' }]);
		ok(await inviteMember(owner, id, { email: 'outsider@nhs.net', role: 'member' }));
		const renewed = await inviteMember(owner, id, { email: 'outsider@nhs.net', role: 'owner' });
		expect(renewed).toMatchObject({ ok: true, value: { renewed: true, role: 'owner' } });
		expect(await listMyInvitations(outsider)).toMatchObject([{ role: 'owner' }]);
	});

	it('lets only owners and admins invite', async () => {
		const id = await teamOfThree();
		expect(await inviteMember(editor, id, { email: 'outsider@nhs.net' })).toMatchObject({ ok: false, status: 403 });
		expect(await inviteMember(member, id, { email: 'outsider@nhs.net' })).toMatchObject({ ok: false, status: 403 });
		expect(await inviteMember(outsider, id, { email: 'outsider@nhs.net' })).toMatchObject({ ok: false, status: 404 });
		expect(await inviteMember(admin, id, { email: 'outsider@nhs.net' })).toMatchObject({ ok: true });
		// The admin managed the team without joining it.
		expect((await getTeam(admin, id))?.myRole).toBeNull();
	});

	it('limits how many invitations one person sends in an hour', async () => {
		const { id } = ok(await createTeam(owner, { name: 'Busy team' }));
		for (let i = 0; i < invitesBySender.limit; i++) ok(await inviteMember(owner, id, { email: `p${i}@nhs.net` }));
		const refused = await inviteMember(owner, id, { email: 'one-more@nhs.net' });
		expect(refused).toMatchObject({
			ok: false,
			status: 429,
			message: expect.stringMatching(/Try again in \d+ minutes/)
		});
		expect((await getTeam(owner, id))?.invitations).toHaveLength(invitesBySender.limit);
	});

	it('audits invitations and answers with ids and roles, never emails', async () => {
		const id = await teamOfThree();
		const invited = await teamEvents(id, 'team.member_invited');
		expect(invited).toHaveLength(2);
		expect(invited.map((e) => e.details)).toContainEqual({ role: 'editor', renewed: false });
		const accepted = await teamEvents(id, 'team.invitation_accepted');
		expect(accepted.map((e) => [e.actorId, e.details])).toContainEqual([
			editor.id,
			{ userId: editor.id, role: 'editor' }
		]);
		expect(JSON.stringify([...invited, ...accepted])).not.toContain('@nhs.net');
	});
});

describe('seeing a team', () => {
	it('hides a team from people outside it (404) but not from admins', async () => {
		const id = await teamOfThree();
		expect(await getTeam(outsider, id)).toBeNull();
		expect(await getTeam(member, id)).toMatchObject({ myRole: 'member', can: { manage: false, leave: true } });
		expect(await getTeam(admin, id)).toMatchObject({ myRole: null, can: { manage: true, leave: false } });
		expect(await getTeam(owner, '00000000-0000-4000-8000-000000000000')).toBeNull();
		expect(await getTeam(owner, 'not-a-uuid')).toBeNull();
	});

	it('lists every team only for admins', async () => {
		await teamOfThree();
		expect(await listTeamsForAdmin(owner)).toBeNull();
		expect(await listTeamsForAdmin(admin)).toMatchObject([
			{ name: 'Press office', memberCount: 3, ownerNames: ['Olu Owner'] }
		]);
	});
});

describe('changing roles', () => {
	it('lets an owner promote and demote members, and audits before and after', async () => {
		const id = await teamOfThree();
		const result = await changeMemberRole(owner, id, { userId: member.id, role: 'editor' });
		expect(result).toMatchObject({ ok: true, value: { role: 'editor', changed: true } });
		expect((await getTeam(member, id))?.myRole).toBe('editor');
		const [event] = await teamEvents(id, 'team.member_role_changed');
		expect(event.details).toEqual({ userId: member.id, before: { role: 'member' }, after: { role: 'editor' } });
	});

	it('does not let editors, members or outsiders change roles', async () => {
		const id = await teamOfThree();
		expect(await changeMemberRole(editor, id, { userId: editor.id, role: 'owner' })).toMatchObject({ status: 403 });
		expect(await changeMemberRole(member, id, { userId: member.id, role: 'owner' })).toMatchObject({ status: 403 });
		expect(await changeMemberRole(outsider, id, { userId: member.id, role: 'owner' })).toMatchObject({ status: 404 });
		expect((await getTeam(owner, id))?.members.map((m) => m.role)).toEqual(['owner', 'editor', 'member']);
	});

	it('never leaves a team without an owner', async () => {
		const id = await teamOfThree();
		const demote = await changeMemberRole(owner, id, { userId: owner.id, role: 'member' });
		expect(demote).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(/at least one owner/) });
		expect((await getTeam(owner, id))?.myRole).toBe('owner');

		// With a second owner, the first may step down.
		ok(await changeMemberRole(owner, id, { userId: editor.id, role: 'owner' }));
		ok(await changeMemberRole(owner, id, { userId: owner.id, role: 'editor' }));
		expect((await getTeam(owner, id))?.myRole).toBe('editor');
		expect(await changeMemberRole(editor, id, { userId: editor.id, role: 'member' })).toMatchObject({ status: 409 });
	});

	it('lets only one of two owners demoting each other at once succeed', async () => {
		const id = await teamOfThree();
		ok(await changeMemberRole(owner, id, { userId: editor.id, role: 'owner' }));
		const results = await Promise.all([
			changeMemberRole(owner, id, { userId: editor.id, role: 'member' }),
			changeMemberRole(editor, id, { userId: owner.id, role: 'member' })
		]);
		const owners = (await getTeam(admin, id))?.members.filter((m) => m.role === 'owner') ?? [];
		expect(owners).toHaveLength(1);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
	});

	it('says so when the person is not in the team', async () => {
		const id = await teamOfThree();
		expect(await changeMemberRole(owner, id, { userId: outsider.id, role: 'editor' })).toMatchObject({
			ok: false,
			status: 404
		});
	});
});

describe('removing members and leaving', () => {
	it('lets an owner remove a member, who then cannot see the team', async () => {
		const id = await teamOfThree();
		expect(await removeMember(owner, id, { userId: member.id })).toMatchObject({ ok: true, value: { left: false } });
		expect(await getTeam(member, id)).toBeNull();
		const [event] = await teamEvents(id, 'team.member_removed');
		expect(event.details).toEqual({ userId: member.id, role: 'member', self: false });
	});

	it('lets members leave but not remove others', async () => {
		const id = await teamOfThree();
		expect(await removeMember(member, id, { userId: editor.id })).toMatchObject({ ok: false, status: 403 });
		expect(await removeMember(editor, id, { userId: member.id })).toMatchObject({ ok: false, status: 403 });
		expect(await removeMember(member, id, { userId: member.id })).toMatchObject({ ok: true, value: { left: true } });
		expect((await getTeam(owner, id))?.members).toHaveLength(2);
	});

	it('does not let the last owner leave or be removed', async () => {
		const id = await teamOfThree();
		const leave = await removeMember(owner, id, { userId: owner.id });
		expect(leave).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(/only owner/) });
		const byAdmin = await removeMember(admin, id, { userId: owner.id });
		expect(byAdmin).toMatchObject({ ok: false, status: 409 });
		expect((await getTeam(owner, id))?.myRole).toBe('owner');
	});

	it('lets an admin remove members of a team they are not in', async () => {
		const id = await teamOfThree();
		expect(await removeMember(admin, id, { userId: editor.id })).toMatchObject({ ok: true });
		expect(await removeMember(outsider, id, { userId: editor.id })).toMatchObject({ ok: false, status: 404 });
	});
});

describe('malformed ids in URLs', () => {
	// 36 characters of hex and hyphens passed the old check and made Postgres raise (a 500).
	const malformed = ['-'.repeat(36), 'abcdef'.repeat(6), 'not-a-uuid', "x' or '1'='1"];

	function event(user: SessionUser, path: string, params: Record<string, string>, fields?: Record<string, string>) {
		return pageEvent(user, path, { params, fields }) as never;
	}

	it('is a 404 on the team page and its actions', async () => {
		await teamOfThree();
		for (const id of malformed) {
			expect(await getTeam(owner, id)).toBeNull();
			expect(await getTeam(admin, id)).toBeNull();
			const load = await outcome(() => teamPage.load(event(owner, `/teams/${id}`, { id })));
			expect(load).toMatchObject({ kind: 'error', status: 404 });
			const add = await outcome(() =>
				teamPage.actions.invite(
					event(admin, `/teams/${id}?/invite`, { id }, { email: 'outsider@nhs.net', role: 'member' })
				)
			);
			expect(add).toMatchObject({ kind: 'error', status: 404 });
			const role = await outcome(() =>
				teamPage.actions.role(event(admin, `/teams/${id}?/role`, { id }, { userId: member.id, role: 'owner' }))
			);
			expect(role).toMatchObject({ kind: 'error', status: 404 });
			expect(await inviteMember(admin, id, { email: 'outsider@nhs.net' })).toMatchObject({ ok: false, status: 404 });
			expect(await changeMemberRole(admin, id, { userId: member.id, role: 'owner' })).toMatchObject({ status: 404 });
			expect(await removeMember(admin, id, { userId: member.id })).toMatchObject({ ok: false, status: 404 });
		}
	});

	it('is a 404 on the member remove page, for a malformed team or member id', async () => {
		const teamId = await teamOfThree();
		const cases = [
			...malformed.map((id) => ({ id, userId: member.id })),
			...malformed.map((userId) => ({ id: teamId, userId }))
		];
		for (const params of cases) {
			const path = `/teams/${params.id}/members/${params.userId}/remove`;
			expect(await outcome(() => removePage.load(event(owner, path, params)))).toMatchObject({
				kind: 'error',
				status: 404
			});
			expect(await outcome(() => removePage.actions.default(event(owner, path, params, {})))).toMatchObject({
				kind: 'error',
				status: 404
			});
		}
		expect((await getTeam(owner, teamId))?.members).toHaveLength(3);
	});

	it('still works with a well-formed id (the route tests are not vacuous)', async () => {
		const id = await teamOfThree();
		const load = await outcome(() => teamPage.load(event(owner, `/teams/${id}`, { id })));
		expect(load).toMatchObject({ kind: 'data', data: { team: { id } } });
		const params = { id, userId: member.id };
		const removed = await outcome(() =>
			removePage.actions.default(event(owner, `/teams/${id}/members/${member.id}/remove`, params, {}))
		);
		expect(removed).toMatchObject({ kind: 'redirect', location: `/teams/${id}` });
	});
});
