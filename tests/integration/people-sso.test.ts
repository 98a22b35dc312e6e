/**
 * Single sign-on and the people rules: a person invited by email who signs in with SSO for the first
 * time gets the invitation's role, but only when the provider vouches for the email address (a
 * verified `email` claim); the invitation is then used up.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '$lib/schemas/user';
import { hashPassword } from '$lib/server/auth/password';
import { accountForIdentity, refuseOutsideAllowedGroups } from '$lib/server/auth/sso';
import type { OidcConfig } from '$lib/server/config';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import { findPerson } from '$lib/server/db/queries/people';
import { createSession, generateSessionToken, validateSessionToken } from '$lib/server/auth/session';
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

describe('OIDC_ALLOWED_GROUPS', () => {
	const oidc = { allowedGroups: ['comms-staff'] } as OidcConfig;
	const event = { locals: { user: null, requestId: 'req-groups' }, cookies: {} } as never;

	it('lets members of an allowed group through, and anyone when none are set', async () => {
		const p = { ...profile('in@nhs.net', true), groups: ['Comms-Staff'] };
		expect(await refuseOutsideAllowedGroups(event, oidc, p)).toBe(false);
		expect(
			await refuseOutsideAllowedGroups(
				event,
				{ allowedGroups: [] } as unknown as OidcConfig,
				profile('x@nhs.net', true)
			)
		).toBe(false);
	});

	it('refuses someone outside them and deactivates their account, ending every session, once', async () => {
		const p = { ...profile('leaving@nhs.net', true), groups: ['comms-staff'] };
		const made = await accountForIdentity(p);
		if (!made.ok) throw new Error(made.message);
		const token = generateSessionToken();
		await createSession(token, made.user.id);

		const outside = { ...p, groups: ['finance'] };
		expect(await refuseOutsideAllowedGroups(event, oidc, outside)).toBe(true);
		expect((await findPerson(made.user.id))?.deactivatedAt).toBeInstanceOf(Date);
		expect((await validateSessionToken(token)).user).toBeNull();
		const [deactivated] = await listAuditEvents({ action: 'user.deactivated', limit: 1 });
		expect(deactivated).toMatchObject({
			actorId: null,
			targetId: made.user.id,
			requestId: 'req-groups',
			details: { via: 'single sign-on groups', reason: 'not_in_allowed_groups', sessionsEnded: 1 }
		});
		expect(await refuseOutsideAllowedGroups(event, oidc, outside)).toBe(true);
		expect(await listAuditEvents({ action: 'user.deactivated', limit: 10 })).toHaveLength(1);
		expect((await listAuditEvents({ action: 'auth.sso_refused', limit: 1 }))[0]).toMatchObject({
			details: { reason: 'not_in_allowed_groups', userId: made.user.id }
		});
	});
});
