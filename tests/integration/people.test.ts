/**
 * People come and go: deactivation (sessions end, no sign-in, shared work moves to a named colleague),
 * reactivation, one-time reset links, changing your own name and password, and the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { SessionUser } from '$lib/schemas/user';
import { createAssistant } from '$lib/server/assistants/service';
import { checkCredentials } from '$lib/server/auth/accounts';
import { hashPassword } from '$lib/server/auth/password';
import { createSession, generateSessionToken, validateSessionToken } from '$lib/server/auth/session';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import { findAssistant } from '$lib/server/db/queries/assistants';
import { findPerson, listPeople } from '$lib/server/db/queries/people';
import { findSavedPrompt, insertSavedPrompt } from '$lib/server/db/queries/saved-prompts';
import { createTeamWithOwner } from '$lib/server/db/queries/teams';
import { countAdmins, createUser, setUserRole } from '$lib/server/db/queries/users';
import { insertIdentity } from '$lib/server/db/queries/auth';
import { accountForIdentity } from '$lib/server/auth/sso';
import { changeOwnName, changeOwnPassword, checkResetLink, resetPasswordWithLink } from '$lib/server/people/account';
import { deactivatePerson, issueResetLink, reactivatePerson } from '$lib/server/people/admin';
import { filterPeople, parsePeopleFilters } from '$lib/server/people/filters';
import { acceptInviteLink, checkInviteLink, inviteToOrganisation } from '$lib/server/people/invitations';
import * as personPage from '../../src/routes/(admin)/admin/users/[id]/+page.server';
import { outcome, pageEvent } from '../helpers/forms';
import { queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let admin: SessionUser;
let leaver: SessionUser;
let successor: SessionUser;
let member: SessionUser;
const PASSWORD = 'plum kettle harbour lantern';

async function account(email: string, name: string): Promise<SessionUser> {
	const u = await createUser({ email, name, passwordHash: await hashPassword(PASSWORD) });
	return { id: u.id, email: u.email, name: u.name, role: u.role };
}

async function signIn(user: SessionUser) {
	const token = generateSessionToken();
	const session = await createSession(token, user.id);
	return { token, sessionId: session.id };
}

beforeAll(async () => {
	testDb = await setupTestDatabase();
	admin = await account('admin@nhs.net', 'Ada Admin');
	leaver = await account('leaver@nhs.net', 'Lee Leaver');
	successor = await account('successor@nhs.net', 'Sam Successor');
	member = await account('member@nhs.net', 'Mo Member');
});

afterAll(async () => {
	await testDb?.teardown();
});

async function assistantOf(user: SessionUser, name: string, visibility: string, teamId?: string) {
	const r = await createAssistant(user, {
		name,
		description: `${name} for the comms team`,
		category: 'Media and press',
		instructions: 'Draft clear, kind NHS copy.',
		visibility,
		teamId,
		status: 'published',
		intake: { mode: 'none', questions: [] }
	});
	if (!r.ok) throw new Error(`Could not create ${name}: ${r.message}`);
	return r.value.id;
}

describe('deactivating a leaver', () => {
	it('ends every session, refuses sign-in and moves only their shared work to the named colleague', async () => {
		const team = await createTeamWithOwner({ name: 'Press office', description: '', ownerId: leaver.id });
		const shared = await assistantOf(leaver, 'Team helper', 'team', team.id);
		const mine = await assistantOf(leaver, 'My helper', 'private');
		const teamPrompt = await insertSavedPrompt(leaver.id, {
			title: 'Weekly bulletin',
			body: 'Write the bulletin',
			visibility: 'team',
			teamId: team.id
		});
		const privatePrompt = await insertSavedPrompt(leaver.id, {
			title: 'Notes',
			body: 'Mine',
			visibility: 'private',
			teamId: null
		});
		const phone = await signIn(leaver);
		const laptop = await signIn(leaver);
		expect((await validateSessionToken(phone.token)).user?.id).toBe(leaver.id);

		const r = await deactivatePerson(admin, leaver.id, { newOwnerId: successor.id }, { requestId: 'req-off' });
		expect(r).toEqual({
			ok: true,
			value: {
				name: 'Lee Leaver',
				newOwnerName: 'Sam Successor',
				assistantsMoved: 1,
				promptsMoved: 1,
				sessionsEnded: 2
			}
		});
		for (const s of [phone, laptop]) expect((await validateSessionToken(s.token)).user).toBeNull();
		expect(await checkCredentials('leaver@nhs.net', PASSWORD)).toBeNull();
		expect((await findAssistant(shared))?.ownerId).toBe(successor.id);
		expect((await findAssistant(mine))?.ownerId).toBe(leaver.id);
		expect((await findSavedPrompt(teamPrompt.id))?.ownerId).toBe(successor.id);
		expect((await findSavedPrompt(privatePrompt.id))?.ownerId).toBe(leaver.id);

		const [event] = (await listAuditEvents({ action: 'user.deactivated', limit: 10 })).filter(
			(e) => e.targetId === leaver.id
		);
		expect(event).toMatchObject({ actorId: admin.id, requestId: 'req-off', details: { newOwnerId: successor.id } });
	});

	it('lets them sign in again once reactivated, and says so when there is nothing to do', async () => {
		expect(await reactivatePerson(admin, leaver.id)).toMatchObject({ ok: true });
		expect((await checkCredentials('leaver@nhs.net', PASSWORD))?.id).toBe(leaver.id);
		expect(await reactivatePerson(admin, leaver.id)).toMatchObject({ ok: false, status: 409 });
		expect((await listAuditEvents({ action: 'user.reactivated', limit: 10 }))[0]).toMatchObject({
			actorId: admin.id,
			targetId: leaver.id
		});
	});

	it('keeps a deactivated person out of single sign-on too, and never counts them as an administrator', async () => {
		const issuer = 'https://login.example.nhs.uk/v2.0';
		const subject = `oid-${leaver.id}`;
		expect(await insertIdentity(leaver.id, issuer, subject)).toBe(true);
		const profile = {
			issuer,
			subject,
			email: 'leaver@nhs.net',
			name: 'Lee Leaver',
			groups: [],
			emailUnverified: false,
			emailVerified: true
		};
		expect(await accountForIdentity(profile)).toMatchObject({ ok: true, user: { id: leaver.id } });

		ok(await deactivatePerson(admin, leaver.id, { newOwnerId: successor.id }));
		expect(await accountForIdentity(profile)).toMatchObject({ ok: false, status: 403, reason: 'deactivated' });
		const activeAdmins = await countAdmins();
		await setUserRole(leaver.id, 'admin');
		expect(await countAdmins()).toBe(activeAdmins);
		await setUserRole(leaver.id, 'member');
		ok(await reactivatePerson(admin, leaver.id));
		expect(await accountForIdentity(profile)).toMatchObject({ ok: true, user: { id: leaver.id } });
	});

	it('refuses without a successor, with a deactivated successor, for yourself, and for non-admins', async () => {
		expect(await deactivatePerson(admin, leaver.id, {})).toMatchObject({ ok: false, status: 400 });
		expect(await deactivatePerson(admin, leaver.id, { newOwnerId: leaver.id })).toMatchObject({ status: 400 });
		expect(await deactivatePerson(admin, admin.id, { newOwnerId: successor.id })).toMatchObject({ status: 400 });
		expect(await deactivatePerson(member, leaver.id, { newOwnerId: successor.id })).toMatchObject({ status: 403 });
		expect(await deactivatePerson(admin, 'not-a-uuid', { newOwnerId: successor.id })).toMatchObject({ status: 404 });
		ok(await deactivatePerson(admin, member.id, { newOwnerId: successor.id }));
		expect(await deactivatePerson(admin, leaver.id, { newOwnerId: member.id })).toMatchObject({ status: 400 });
		ok(await reactivatePerson(admin, member.id));
		expect((await findPerson(leaver.id))?.deactivatedAt).toBeNull();
	});

	it('asks for confirmation before changing a role, then changes it', async () => {
		const ev = (fields: Record<string, string>) =>
			pageEvent(admin, `/admin/users/${member.id}?/role`, { params: { id: member.id }, fields }) as never;
		const first = await outcome(() => personPage.actions.role(ev({ role: 'admin' })));
		expect(first).toMatchObject({ kind: 'data', data: { confirmRole: 'admin' } });
		expect((await findPerson(member.id))?.role).toBe('member');
		const second = await outcome(() => personPage.actions.role(ev({ role: 'admin', confirmed: 'yes' })));
		expect(second).toMatchObject({ kind: 'data', data: { message: 'Mo Member is now an administrator' } });
		expect((await findPerson(member.id))?.role).toBe('admin');
		await outcome(() => personPage.actions.role(ev({ role: 'member', confirmed: 'yes' })));
		expect((await findPerson(member.id))?.role).toBe('member');
	});
});

function ok<T>(r: { ok: true; value: T } | { ok: false }): T {
	if (!r.ok) throw new Error(`Expected success: ${JSON.stringify(r)}`);
	return r.value;
}

describe('password reset links', () => {
	it('works once, stores only a hash, ends every session and cancels earlier links', async () => {
		const first = ok(await issueResetLink(admin, leaver.id, 'https://assist.example.nhs.uk'));
		const second = ok(await issueResetLink(admin, leaver.id, 'https://assist.example.nhs.uk'));
		// No SMTP_URL: nothing is emailed, the administrator is shown the link to pass on.
		expect(second.delivery).toBe('shown');
		const token = second.url.split('/').pop()!;
		expect(second.url).toMatch(/^https:\/\/assist\.example\.nhs\.uk\/reset-password\/[a-z2-7]{52}$/);
		expect(await checkResetLink(first.url.split('/').pop()!)).toBeNull();
		expect(await checkResetLink(token)).toEqual({ firstName: 'Lee' });
		const rows = await queryRows(testDb.handle, sql`select * from account_tokens`);
		expect(JSON.stringify(rows)).not.toContain(token);

		const s = await signIn(leaver);
		const weak = await resetPasswordWithLink(token, { newPassword: 'short', confirmPassword: 'short' });
		expect(weak).toMatchObject({ ok: false, errors: { newPassword: expect.any(String) } });
		const done = await resetPasswordWithLink(token, {
			newPassword: 'river candle orchard meadow',
			confirmPassword: 'river candle orchard meadow'
		});
		expect(done).toEqual({ ok: true, value: { userId: leaver.id } });
		expect((await validateSessionToken(s.token)).user).toBeNull();
		expect((await checkCredentials('leaver@nhs.net', 'river candle orchard meadow'))?.id).toBe(leaver.id);
		expect(await resetPasswordWithLink(token, { newPassword: PASSWORD, confirmPassword: PASSWORD })).toBeNull();
		expect(await checkResetLink('x'.repeat(52))).toBeNull();
		expect(await issueResetLink(member, leaver.id, 'https://x')).toMatchObject({ ok: false, status: 403 });
	});
});

describe('your own name and password', () => {
	it('changes the name, and audits it', async () => {
		expect(await changeOwnName(member, { name: '  ' })).toMatchObject({
			ok: false,
			errors: { name: expect.any(String) }
		});
		expect(await changeOwnName(member, { name: ' Mo Member-Smith ' })).toEqual({ ok: true, value: 'Mo Member-Smith' });
		expect((await findPerson(member.id))?.name).toBe('Mo Member-Smith');
		expect((await listAuditEvents({ action: 'user.name_changed', limit: 5 }))[0]).toMatchObject({ actorId: member.id });
	});

	it('needs the current password, and ends every other session but this one', async () => {
		const here = await signIn(member);
		const elsewhere = await signIn(member);
		const body = { currentPassword: 'wrong one', newPassword: 'river candle orchard meadow', confirmPassword: '' };
		expect(await changeOwnPassword(member, here.sessionId, body)).toMatchObject({
			ok: false,
			errors: { confirmPassword: expect.stringMatching(/do not match/) }
		});
		body.confirmPassword = body.newPassword;
		expect(await changeOwnPassword(member, here.sessionId, body)).toMatchObject({
			ok: false,
			errors: { currentPassword: expect.stringMatching(/not right/) }
		});
		body.currentPassword = PASSWORD;
		expect(await changeOwnPassword(member, here.sessionId, body)).toEqual({ ok: true, value: { sessionsEnded: 1 } });
		expect((await validateSessionToken(here.token)).user?.id).toBe(member.id);
		expect((await validateSessionToken(elsewhere.token)).user).toBeNull();
		expect(await checkCredentials('member@nhs.net', PASSWORD)).toBeNull();
		expect((await checkCredentials('member@nhs.net', body.newPassword))?.id).toBe(member.id);
	});
});

describe('inviting someone to the organisation', () => {
	it('creates the account once, with the role chosen in advance, from a hashed one-time link', async () => {
		expect(await inviteToOrganisation(member, { inviteEmail: 'new@nhs.net' }, 'https://x')).toMatchObject({
			ok: false,
			status: 403
		});
		expect(await inviteToOrganisation(admin, { inviteEmail: 'nope' }, 'https://x')).toMatchObject({
			ok: false,
			errors: { inviteEmail: expect.stringContaining('correct format') }
		});
		expect(await inviteToOrganisation(admin, { inviteEmail: 'SUCCESSOR@nhs.net' }, 'https://x')).toMatchObject({
			ok: false,
			status: 409
		});
		const invite = ok(
			await inviteToOrganisation(admin, { inviteEmail: 'New.Starter@nhs.net', inviteRole: 'admin' }, 'https://x')
		);
		const token = invite.url.split('/').pop()!;
		expect(invite.url).toMatch(/^https:\/\/x\/join\/[a-z2-7]{52}$/);
		expect(await checkInviteLink(token)).toEqual({ email: 'new.starter@nhs.net', role: 'admin' });
		expect(JSON.stringify(await queryRows(testDb.handle, sql`select * from account_tokens`))).not.toContain(token);

		expect(await acceptInviteLink(token, { name: 'Nia New', password: 'short' })).toMatchObject({
			ok: false,
			errors: { password: expect.any(String) }
		});
		const made = await acceptInviteLink(token, { name: 'Nia New', password: 'meadow lantern copper river' });
		expect(made).toMatchObject({ ok: true, user: { email: 'new.starter@nhs.net', role: 'admin', name: 'Nia New' } });
		expect(await acceptInviteLink(token, { name: 'Nia Again', password: 'meadow lantern copper river' })).toBeNull();
		expect(await checkInviteLink(token)).toBeNull();
		const events = await listAuditEvents({ action: 'user.invited', limit: 5 });
		expect(events[0]).toMatchObject({ actorId: admin.id, details: { role: 'admin' } });
		expect(JSON.stringify(events)).not.toContain('starter');
	});
});

describe('finding people', () => {
	it('filters by text, role, status and last sign-in', async () => {
		const people = await listPeople();
		const names = (q: string) =>
			filterPeople(people, parsePeopleFilters(new URLSearchParams(q)), null).map((p) => p.name);
		expect(names('q=SUCCESSOR')).toEqual(['Sam Successor']);
		expect(names('role=admin')).toEqual(['Ada Admin', 'Nia New']);
		expect(names('status=deactivated')).toEqual([]);
		expect(names('role=bogus&status=nonsense')).toHaveLength(5);
		// Only Mo still has a session (the reset ended Lee's); the others never signed in.
		expect(names('active=30')).toEqual(['Mo Member-Smith']);
		expect(names('active=stale')).toHaveLength(4);
	});
});
