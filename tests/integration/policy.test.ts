import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canChangeRole } from '$lib/server/authz/policy';
import { countAdmins, createUser, findUserById, setUserRole, type PublicUser } from '$lib/server/db/queries/users';
import { setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let admin: PublicUser;
let member: PublicUser;

beforeAll(async () => {
	testDb = await setupTestDatabase();
	admin = await createUser({ email: 'admin@nhs.net', name: 'Admin', passwordHash: 'not-a-hash' });
	member = await createUser({ email: 'member@nhs.net', name: 'Member', passwordHash: 'not-a-hash' });
});

afterAll(async () => {
	await testDb?.teardown();
});

/** What an admin screen does: ask the policy with the live admin count, then change the role if allowed. */
async function changeRole(user: PublicUser, targetRole: PublicUser['role']) {
	const current = await findUserById(user.id);
	if (!current) throw new Error('user vanished');
	const decision = canChangeRole({ currentRole: current.role, targetRole, adminCount: await countAdmins() });
	if (decision.ok) await setUserRole(user.id, targetRole);
	return decision;
}

describe('changing roles', () => {
	it('starts with the first account as the only admin', async () => {
		expect(admin.role).toBe('admin');
		expect(member.role).toBe('member');
		expect(await countAdmins()).toBe(1);
	});

	it('refuses to demote the last admin', async () => {
		expect(await changeRole(admin, 'member')).toEqual({
			ok: false,
			reason: 'There must always be at least one administrator'
		});
		expect((await findUserById(admin.id))?.role).toBe('admin');
	});

	it('allows demoting an admin once there is another', async () => {
		expect(await changeRole(member, 'admin')).toEqual({ ok: true });
		expect(await countAdmins()).toBe(2);

		expect(await changeRole(admin, 'member')).toEqual({ ok: true });
		expect(await countAdmins()).toBe(1);

		// The promoted member is now the last admin and is protected in turn.
		expect(await changeRole(member, 'member')).toMatchObject({ ok: false });
		expect((await findUserById(member.id))?.role).toBe('admin');
	});

	it('always allows keeping an admin an admin, and changing members', () => {
		expect(canChangeRole({ currentRole: 'admin', targetRole: 'admin', adminCount: 1 })).toEqual({ ok: true });
		expect(canChangeRole({ currentRole: 'member', targetRole: 'member', adminCount: 1 })).toEqual({ ok: true });
		expect(canChangeRole({ currentRole: 'member', targetRole: 'admin', adminCount: 0 })).toEqual({ ok: true });
		expect(canChangeRole({ currentRole: 'admin', targetRole: 'member', adminCount: 0 })).toMatchObject({ ok: false });
	});
});
