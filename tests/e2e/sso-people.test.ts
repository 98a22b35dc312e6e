/**
 * Single sign-on and people coming and going, against a real OpenID Connect provider (oidc-provider)
 * over HTTP with cookies, through the built app: an administrator's invitation gives its role at the
 * person's first SSO sign-in (only with a verified email claim), and is then used up; with
 * OIDC_ALLOWED_GROUPS, someone outside the groups is refused, and an existing account of theirs is
 * deactivated at that sign-in attempt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, newAccount, signUp, visibleText, type Client } from './support/http';
import { CookieJar, request, ssoSignIn, startProvider, type TestProvider } from './support/oidc';
import { startServer, type TestServer } from './support/server';

let provider: TestProvider;
let app: TestServer;
let http: Client;
let adminCookie: string;

beforeAll(async () => {
	provider = await startProvider();
	app = await startServer({ ...provider.env, ALLOWED_EMAIL_DOMAINS: 'nhs.net', OIDC_ALLOWED_GROUPS: 'comms-staff' });
	await provider.allowApp(app.origin);
	http = client(app.origin);
	// The first account is an administrator: a password account, who sends the invitations.
	adminCookie = await signUp(http, newAccount('First Admin'));
});

afterAll(async () => {
	await app?.stop();
	await provider?.stop();
});

let counter = 0;
function person(claims: { email_verified?: boolean; groups?: string[] } = {}) {
	counter += 1;
	const login = `sso-people-${Date.now().toString(36)}-${counter}`;
	const email = `${login}@nhs.net`;
	provider.setAccount(login, {
		email,
		name: `Invited Person ${counter}`,
		oid: `oid-${login}`,
		groups: ['comms-staff'],
		...claims
	});
	return { login, email };
}

async function me(jar: CookieJar) {
	const res = await request(jar, new URL('/api/me', app.origin), { accept: 'application/json' });
	return { status: res.status, body: (await res.json()) as { role: string; email: string } };
}

async function inviteLink(email: string, role: 'admin' | 'member'): Promise<string> {
	const res = await http.post(
		'/admin/users?/invite',
		{ inviteEmail: email, inviteRole: role },
		{ cookie: adminCookie }
	);
	expect(res.status).toBe(200);
	const url = (await res.text()).match(/<code id="invite-link">([^<]+)<\/code>/)?.[1];
	expect(url).toBeDefined();
	return new URL(url!).pathname;
}

describe('an invitation, then a first single sign-on', () => {
	it('gives the invited role when the provider vouches for the email, and uses the invitation up', async () => {
		const { login, email } = person({ email_verified: true });
		const path = await inviteLink(email, 'admin');
		const jar = new CookieJar();
		const res = await ssoSignIn(jar, app.origin, login);
		expect(res.status).toBe(303);
		expect(await me(jar)).toEqual({ status: 200, body: expect.objectContaining({ email, role: 'admin' }) });
		// The link no longer works: the account exists.
		expect(visibleText(await (await http.get(path)).text())).toContain(
			'This invitation has expired or has already been used'
		);
	});

	it('does not use the invitation without a verified email claim: a member, and the link still works', async () => {
		const { login, email } = person();
		const path = await inviteLink(email, 'admin');
		const jar = new CookieJar();
		expect((await ssoSignIn(jar, app.origin, login)).status).toBe(303);
		expect((await me(jar)).body).toMatchObject({ email, role: 'member' });
		expect(visibleText(await (await http.get(path)).text())).toContain(`create an account for ${email}`);
	});
});

describe('OIDC_ALLOWED_GROUPS', () => {
	it('refuses someone outside the allowed groups with a clear page, and creates no account', async () => {
		const { login, email } = person({ groups: ['finance'] });
		const res = await ssoSignIn(new CookieJar(), app.origin, login);
		expect(res.status).toBe(403);
		expect(res.headers.getSetCookie().some((c) => c.startsWith('nhs_comms_session='))).toBe(false);
		expect(visibleText(await res.text())).toContain('you are not in a group allowed to use it');
		const list = await http.get(`/admin/users?q=${encodeURIComponent(email)}`, adminCookie);
		expect(visibleText(await list.text())).toContain('Nobody matches these filters');
	});

	it('deactivates an existing account at the next sign-in attempt once they leave the groups', async () => {
		const { login, email } = person();
		const jar = new CookieJar();
		expect((await ssoSignIn(jar, app.origin, login)).status).toBe(303);
		expect((await me(jar)).status).toBe(200);

		provider.setAccount(login, { email, name: 'Invited Person', oid: `oid-${login}`, groups: ['finance'] });
		const refused = await ssoSignIn(new CookieJar(), app.origin, login);
		expect(refused.status).toBe(403);
		expect(visibleText(await refused.text())).toContain('ask your IT team to add you to the right group');
		// Their other session ended at once, and the admin sees them deactivated.
		expect((await me(jar)).status).toBe(401);
		const list = await http.get(`/admin/users?q=${encodeURIComponent(email)}&status=deactivated`, adminCookie);
		expect(visibleText(await list.text())).toContain(email);
		const audit = await http.get('/admin/audit?action=user.deactivated', adminCookie);
		expect(audit.status).toBe(200);

		// Back in the group, they stay deactivated until an administrator reactivates them.
		provider.setAccount(login, { email, name: 'Invited Person', oid: `oid-${login}`, groups: ['comms-staff'] });
		const again = await ssoSignIn(new CookieJar(), app.origin, login);
		expect(again.status).toBe(403);
		expect(visibleText(await again.text())).toContain('has been deactivated');
	});
});
