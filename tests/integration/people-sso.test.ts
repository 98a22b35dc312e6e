/**
 * Single sign-on and the people rules: a person invited by email who signs in with SSO for the first
 * time gets the invitation's role, but only when the provider vouches for the email address (a
 * verified `email` claim); the invitation is then used up.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '$lib/schemas/user';
import { hashPassword } from '$lib/server/auth/password';
import { accountForIdentity } from '$lib/server/auth/sso';
import type { SsoProfile } from '$lib/server/auth/sso-profile';
import { getConfig } from '$lib/server/config';
import { createUser, setUserRole } from '$lib/server/db/queries/users';
import { checkInviteLink, inviteToOrganisation } from '$lib/server/people/invitations';
import { setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let admin: SessionUser;
const ISSUER = 'https://login.example.nhs.uk/v2.0';

function profile(email: string, verified: boolean, extra: Partial<SsoProfile> = {}): SsoProfile {
	return {
		issuer: ISSUER,
		subject: `oid-${email}`,
		email,
		name: 'Nia New',
		groups: [],
		emailUnverified: false,
		emailVerified: verified,
		...extra
	};
}

async function invite(email: string, role: 'admin' | 'member') {
	const r = await inviteToOrganisation(admin, { inviteEmail: email, inviteRole: role }, 'https://x');
	if (!r.ok) throw new Error(JSON.stringify(r.errors));
	return r.value.url.split('/').pop()!;
}

beforeAll(async () => {
	vi.stubEnv('ALLOWED_EMAIL_DOMAINS', 'nhs.net');
	expect(getConfig().auth.allowedEmailDomains).toEqual(['nhs.net']);
	testDb = await setupTestDatabase();
	const u = await createUser({ email: 'admin@nhs.net', name: 'Ada Admin', passwordHash: await hashPassword('x') });
	await setUserRole(u.id, 'admin');
	admin = { id: u.id, email: u.email, name: u.name, role: 'admin' };
});

afterAll(async () => {
	vi.unstubAllEnvs();
	await testDb?.teardown();
});

describe('an invitation with single sign-on', () => {
	it('gives the invited role at the first SSO sign-in with a verified email, and is used up', async () => {
		const token = await invite('nia.new@nhs.net', 'admin');
		const r = await accountForIdentity(profile('nia.new@nhs.net', true));
		expect(r).toMatchObject({
			ok: true,
			created: true,
			user: { email: 'nia.new@nhs.net', role: 'admin' },
			invitation: { role: 'admin', invitedBy: admin.id }
		});
		expect(await checkInviteLink(token)).toBeNull();
		// Signing in again is the same account, and nothing more is claimed.
		const again = await accountForIdentity(profile('nia.new@nhs.net', true));
		expect(again).toMatchObject({ ok: true, created: false });
		expect(again).not.toHaveProperty('invitation');
	});

	it('ignores the invitation when the provider does not vouch for the email address', async () => {
		const token = await invite('olu@nhs.net', 'admin');
		const r = await accountForIdentity(profile('olu@nhs.net', false));
		expect(r).toMatchObject({ ok: true, created: true, user: { role: 'member' } });
		expect(r).not.toHaveProperty('invitation');
		expect(await checkInviteLink(token)).toEqual({ email: 'olu@nhs.net', role: 'admin' });
	});

	it('lets an invited address in even outside ALLOWED_EMAIL_DOMAINS, as a link invitation does', async () => {
		expect(await accountForIdentity(profile('locum@gmail.com', true))).toMatchObject({
			ok: false,
			reason: 'domain'
		});
		await invite('locum@gmail.com', 'member');
		expect(await accountForIdentity(profile('locum@gmail.com', false))).toMatchObject({
			ok: false,
			reason: 'domain'
		});
		expect(await accountForIdentity(profile('locum@gmail.com', true))).toMatchObject({
			ok: true,
			user: { email: 'locum@gmail.com', role: 'member' },
			invitation: { role: 'member' }
		});
	});
});
