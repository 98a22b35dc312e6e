/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider) over HTTP with cookies,
 * through the built app: sign-in, groups to roles and teams, refusals, and state that cannot be replayed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, errorSummary, newAccount, SESSION_COOKIE, signUp, visibleText } from './support/http';
import { CookieJar, request, ssoSignIn, startProvider, throughProvider, type TestProvider } from './support/oidc';
import { startServer, type TestServer } from './support/server';

let provider: TestProvider;
let app: TestServer;

beforeAll(async () => {
	provider = await startProvider();
	app = await startServer({
		...provider.env,
		OIDC_ADMIN_GROUPS: 'comms-admins',
		OIDC_TEAM_GROUPS: 'press-group=Press office',
		OIDC_LABEL: 'Sign in with NHSmail',
		ALLOWED_EMAIL_DOMAINS: 'nhs.net'
	});
	await provider.allowApp(app.origin);
	// The first account of an installation is an administrator: make it a password account here, so
	// the single sign-on accounts below show what groups give.
	await signUp(client(app.origin), newAccount('First Admin'));
});

afterAll(async () => {
	await app?.stop();
	await provider?.stop();
});

let counter = 0;
function person(groups: string[] = [], extra: { email?: string } = {}) {
	counter += 1;
	const login = `sso-person-${Date.now().toString(36)}-${counter}`;
	provider.setAccount(login, {
		email: extra.email ?? `${login}@nhs.net`,
		name: `SSO Person ${counter}`,
		groups,
		oid: `oid-${login}`
	});
	return login;
}

async function me(jar: CookieJar) {
	const url = new URL('/api/me', app.origin);
	const res = await request(jar, url, { accept: 'application/json' });
	return { status: res.status, body: await res.json() };
}

describe('single sign-on', () => {
	it('shows the button with OIDC_LABEL on the sign-in page', async () => {
		const html = await (await fetch(new URL('/sign-in', app.origin))).text();
		expect(html).toContain('href="/sign-in/sso"');
		expect(visibleText(html)).toContain('Sign in with NHSmail');
		expect(visibleText(html)).toContain('Or sign in with your email address and password');
	});

	it('sends the browser to the provider with PKCE, state and nonce', async () => {
		const res = await request(new CookieJar(), new URL('/sign-in/sso', app.origin));
		expect(res.status).toBe(303);
		const target = new URL(res.headers.get('location')!);
		expect(target.origin).toBe(provider.issuer);
		expect(target.searchParams.get('redirect_uri')).toBe(`${app.origin}/sign-in/sso/callback`);
		expect(target.searchParams.get('code_challenge_method')).toBe('S256');
		expect(target.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
		expect(target.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
		expect(target.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
		const cookie = res.headers.getSetCookie().find((c) => c.startsWith('nhs_comms_sso='));
		expect(cookie).toMatch(/HttpOnly/i);
		// Only a random reference: the state itself is kept in the database, not the cookie.
		expect(cookie).not.toContain(target.searchParams.get('state')!);
	});

	it('creates an account on first sign-in and signs it in', async () => {
		const login = person();
		const jar = new CookieJar();
		const res = await ssoSignIn(jar, app.origin, login);
		expect(res.status).toBe(303);
		expect(jar.get(app.origin, SESSION_COOKIE)).toBeTruthy();
		const { status, body } = await me(jar);
		expect(status).toBe(200);
		expect(body).toMatchObject({ email: `${login}@nhs.net`, role: 'member', teams: [], mfa: false, sso: true });
		expect(Object.keys(body).sort()).toEqual(['email', 'id', 'mfa', 'name', 'role', 'sso', 'teams']);
	});

	it('signs the same identity into the same account next time, even after an email change', async () => {
		const login = person();
		const first = new CookieJar();
		await ssoSignIn(first, app.origin, login);
		const id = (await me(first)).body.id;
		provider.setAccount(login, { email: `renamed-${login}@nhs.net`, groups: [], oid: `oid-${login}` });
		const second = new CookieJar();
		expect((await ssoSignIn(second, app.origin, login)).status).toBe(303);
		expect((await me(second)).body.id).toBe(id);
	});

	it('makes admin-group members administrators and team-group members team members, and undoes both when the groups go', async () => {
		const login = person(['comms-admins', 'press-group']);
		const jar = new CookieJar();
		await ssoSignIn(jar, app.origin, login);
		const before = (await me(jar)).body;
		expect(before.role).toBe('admin');
		expect(before.teams).toEqual([expect.objectContaining({ name: 'Press office', role: 'member' })]);

		provider.setAccount(login, { email: `${login}@nhs.net`, groups: [], oid: `oid-${login}` });
		const again = new CookieJar();
		expect((await ssoSignIn(again, app.origin, login)).status).toBe(303);
		const after = (await me(again)).body;
		expect(after.role).toBe('member');
		expect(after.teams).toEqual([]);
		// The session from before is demoted too: roles are read from the account on every request.
		expect((await me(jar)).body.role).toBe('member');
	});

	it('refuses a replayed callback: 400, and no session', async () => {
		const login = person();
		const jar = new CookieJar();
		const callback = await throughProvider(jar, app.origin, login);
		expect((await request(jar, callback)).status).toBe(303);

		const attacker = new CookieJar();
		const replay = await request(attacker, callback);
		expect(replay.status).toBe(400);
		expect(visibleText(await replay.text())).toContain('expired or has already been used');
		expect(attacker.get(app.origin, SESSION_COOKIE)).toBeUndefined();
	});

	it('refuses the same browser using its callback twice', async () => {
		const login = person();
		const jar = new CookieJar();
		const callback = await throughProvider(jar, app.origin, login);
		expect((await request(jar, callback)).status).toBe(303);
		const session = jar.get(app.origin, SESSION_COOKIE);
		const second = await request(jar, callback);
		expect(second.status).toBe(400);
		expect(jar.get(app.origin, SESSION_COOKIE)).toBe(session);
	});

	it('refuses a callback whose state does not match: 400, and no session', async () => {
		const login = person();
		const jar = new CookieJar();
		const callback = await throughProvider(jar, app.origin, login);
		callback.searchParams.set('state', 'forged-state-value');
		const res = await request(jar, callback);
		expect(res.status).toBe(400);
		expect(jar.get(app.origin, SESSION_COOKIE)).toBeUndefined();
		expect((await me(jar)).status).toBe(401);
	});

	it('does not sign into a password account with the same email, and says how to link', async () => {
		const account = newAccount('Pat Password');
		await signUp(client(app.origin), account);
		const login = person([], { email: account.email });
		const jar = new CookieJar();
		const res = await ssoSignIn(jar, app.origin, login);
		expect(res.status).toBe(409);
		expect(visibleText(await res.text())).toContain('Link your NHS account');
		expect(jar.get(app.origin, SESSION_COOKIE)).toBeUndefined();
	});

	it('links SSO from Your account after a password sign-in, then signs in with it', async () => {
		const account = newAccount('Lee Link');
		const http = client(app.origin);
		const token = await signUp(http, account);
		const login = person(['press-group'], { email: account.email });
		const jar = new CookieJar();
		jar.store(
			new URL(app.origin),
			new Response(null, { headers: { 'set-cookie': `${SESSION_COOKIE}=${token}; Path=/` } })
		);
		const callback = await throughProvider(jar, app.origin, login, '/sign-in/sso?link=1');
		const linked = await request(jar, callback);
		expect(linked.status).toBe(303);
		expect(linked.headers.get('location')).toBe('/account');
		expect((await me(jar)).body.sso).toBe(true);

		const fresh = new CookieJar();
		expect((await ssoSignIn(fresh, app.origin, login)).status).toBe(303);
		const body = (await me(fresh)).body;
		expect(body.email).toBe(account.email);
		expect(body.teams.map((t: { name: string }) => t.name)).toEqual(['Press office']);
	});

	it('applies ALLOWED_EMAIL_DOMAINS', async () => {
		const login = person([], { email: 'someone@example.com' });
		const jar = new CookieJar();
		const res = await ssoSignIn(jar, app.origin, login);
		expect(res.status).toBe(403);
		expect(visibleText(await res.text())).toContain('@nhs.net');
		expect(jar.get(app.origin, SESSION_COOKIE)).toBeUndefined();
	});

	it('answers 401 JSON for GET /api/me when signed out', async () => {
		const res = await fetch(new URL('/api/me', app.origin), { headers: { accept: 'application/json' } });
		expect(res.status).toBe(401);
		expect((await res.json()).message).toBeTruthy();
	});
});

describe('PASSWORD_SIGN_IN=false', () => {
	let ssoOnly: TestServer;
	let ssoProvider: TestProvider;
	beforeAll(async () => {
		ssoProvider = await startProvider();
		ssoOnly = await startServer({ ...ssoProvider.env, PASSWORD_SIGN_IN: 'false' });
		await ssoProvider.allowApp(ssoOnly.origin);
	});
	afterAll(async () => {
		await ssoOnly?.stop();
		await ssoProvider?.stop();
	});

	it('hides the password form and refuses password sign-in and sign-up', async () => {
		const http = client(ssoOnly.origin);
		const page = await (await http.get('/sign-in')).text();
		expect(page).not.toContain('name="password"');
		expect(page).toContain('href="/sign-in/sso"');
		const account = newAccount('No Password');
		expect((await http.post('/sign-up', { ...account })).status).toBe(403);
		const signIn = await http.post('/sign-in', { email: account.email, password: account.password });
		expect(signIn.status).toBe(403);
		expect(errorSummary(await signIn.text()).join(' ')).toContain('Password sign-in is switched off');
		expect((await http.get('/sign-up')).status).toBe(403);
		// An invitation link cannot make a password account either: people join through single sign-on.
		const join = await http.get(`/join/${'a'.repeat(43)}`);
		expect(join.status).toBe(403);
		expect(visibleText(await join.text())).toContain('signs in with single sign-on');
		expect(
			(await http.post(`/join/${'a'.repeat(43)}`, { name: 'No Password', password: account.password })).status
		).toBe(403);
	});
});
