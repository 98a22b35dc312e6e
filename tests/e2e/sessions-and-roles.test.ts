/** Signing up, in and out, and who may see what, over plain HTTP as a browser without JavaScript would. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	acceptStatement,
	clearsSession,
	client,
	errorSummary,
	newAccount,
	sessionSetCookie,
	sessionToken,
	signIn,
	signUp,
	visibleText,
	type Client
} from './support/http';
import { startServer, type TestServer } from './support/server';

let server: TestServer;
let http: Client;

const admin = newAccount('Ada Lovelace');
const member = newAccount('Bob Smith');
let adminCookie: string;
let memberCookie: string;

beforeAll(async () => {
	server = await startServer();
	http = client(server.origin);
});
afterAll(() => server?.stop());

/** The id the users page uses for an account (from the hidden field in its row). */
async function userIdOf(email: string): Promise<string> {
	const html = await (await http.get('/admin/users', adminCookie)).text();
	const row = html.split('<tr').find((r) => r.includes(email));
	const id = row?.match(/href="\/admin\/users\/([0-9a-f-]{36})"/)?.[1];
	if (!id) throw new Error(`${email} is not listed on /admin/users`);
	return id;
}

describe('accounts and roles', () => {
	it('signs up the first account with a plain form post, as an administrator', async () => {
		const res = await http.post('/sign-up', { ...admin });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/');
		const cookie = sessionSetCookie(res);
		expect(cookie).toMatch(/^nhs_comms_session=[a-z2-7]{32};/);
		expect(cookie).toMatch(/;\s*HttpOnly/i);
		expect(cookie).toMatch(/;\s*SameSite=Lax/i);
		expect(cookie).toMatch(/;\s*Path=\/(;|$)/i);
		adminCookie = sessionToken(res)!;
		await acceptStatement(http, adminCookie);

		const workspace = await http.get('/', adminCookie);
		expect(workspace.status).toBe(200);
		const text = visibleText(await workspace.text());
		expect(text).toContain('Welcome, Ada');
		expect(text).toContain('Signed in as Ada Lovelace');

		const adminPage = await http.get('/admin', adminCookie);
		expect(adminPage.status).toBe(200);
		expect(visibleText(await adminPage.text())).toContain('1 account, 1 administrator');
	});

	it('makes later accounts members, who cannot open admin pages or use admin actions', async () => {
		memberCookie = await signUp(http, member);
		expect((await http.get('/', memberCookie)).status).toBe(200);

		const adminPage = await http.get('/admin', memberCookie);
		expect(adminPage.status).toBe(403);
		const text = visibleText(await adminPage.text());
		// The NHS-branded error page, not a bare fallback: the person sees why, and a reference to quote.
		expect(text).toContain('You do not have permission to see this page');
		expect(text).toMatch(/quote this error reference: [0-9a-f-]{36}/);
		expect(text).toContain('Signed in as Bob Smith');

		expect((await http.get('/admin/users', memberCookie)).status).toBe(403);

		const memberId = await userIdOf(member.email);
		const promoteSelf = await http.post(
			'/admin/users?/setRole',
			{ userId: memberId, role: 'admin' },
			{
				cookie: memberCookie
			}
		);
		expect(promoteSelf.status).toBe(403);
		expect((await http.get('/admin', memberCookie)).status).toBe(403);
		expect(visibleText(await (await http.get('/admin', adminCookie)).text())).toContain('2 accounts, 1 administrator');
	});

	it('lets an administrator change a role, which takes effect on the existing session', async () => {
		const other = newAccount('Cara Jones');
		const otherCookie = await signUp(http, other);
		const res = await http.post(
			'/admin/users?/setRole',
			{ userId: await userIdOf(other.email), role: 'admin' },
			{
				cookie: adminCookie
			}
		);
		expect(res.status).toBe(200);
		expect(visibleText(await res.text())).toContain('Cara Jones is now an administrator');
		expect((await http.get('/admin', otherCookie)).status).toBe(200);
	});
});

describe('signing in', () => {
	it('signs in with the right email and password (in any letter case)', async () => {
		const res = await http.post('/sign-in', { email: admin.email.toUpperCase(), password: admin.password });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/');
		expect(sessionSetCookie(res)).toMatch(/^nhs_comms_session=[a-z2-7]{32};.*HttpOnly.*SameSite=Lax/i);
		expect((await http.get('/admin', sessionToken(res))).status).toBe(200);
	});

	it('returns to the page that asked for sign-in, but never to another site', async () => {
		const back = await http.post('/sign-in?redirectTo=%2Fadmin%2Fusers', {
			email: admin.email,
			password: admin.password
		});
		expect(back.status).toBe(303);
		expect(back.headers.get('location')).toBe('/admin/users');

		const offsite = await http.post('/sign-in?redirectTo=%2F%2Fevil.example', {
			email: admin.email,
			password: admin.password
		});
		expect(offsite.status).toBe(303);
		expect(offsite.headers.get('location')).toBe('/');
	});

	it('gives the same message for a wrong password and an unknown email, and no session', async () => {
		const wrongPassword = await http.post('/sign-in', { email: admin.email, password: 'not the right password' });
		const unknownEmail = await http.post('/sign-in', { email: 'nobody@nhs.net', password: admin.password });
		for (const res of [wrongPassword, unknownEmail]) {
			expect(res.status).toBe(400);
			expect(sessionSetCookie(res)).toBeUndefined();
			expect(errorSummary(await res.text())).toEqual(['Enter a correct email address and password']);
		}
	});
});

describe('signed-out visitors', () => {
	it('are sent to sign in, and brought back afterwards', async () => {
		const cases = [
			['/', '/sign-in'],
			['/admin', '/sign-in?redirectTo=%2Fadmin'],
			['/admin/users', '/sign-in?redirectTo=%2Fadmin%2Fusers']
		];
		for (const [path, location] of cases) {
			const res = await http.get(path);
			expect(res.status, path).toBe(303);
			expect(res.headers.get('location'), path).toBe(location);
		}
	});

	it('cannot use admin actions', async () => {
		const res = await http.post('/admin/users?/setRole', { userId: crypto.randomUUID(), role: 'admin' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toMatch(/^\/sign-in/);
	});
});

describe('signing out', () => {
	it('is a POST that clears the cookie and ends the session on the server', async () => {
		const token = await signIn(http, member.email, member.password);
		expect((await http.get('/', token)).status).toBe(200);

		// A link or prefetch cannot sign someone out.
		expect((await http.get('/sign-out', token)).status).toBe(405);
		expect((await http.get('/', token)).status).toBe(200);

		const res = await http.post('/sign-out', {}, { cookie: token });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/sign-in');
		expect(clearsSession(res)).toBe(true);

		// Replaying the old cookie does not work.
		const replay = await http.get('/', token);
		expect(replay.status).toBe(303);
		expect(replay.headers.get('location')).toBe('/sign-in');
		expect(clearsSession(replay)).toBe(true);
	});
});

describe('cookies and cross-site requests', () => {
	it.each([
		['a random string', 'not-a-session-token!'],
		['a well-formed but unknown token', 'abcdefghijklmnopqrstuvwxyz234567']
	])('treats %s as signed out and clears the cookie', async (_label, token) => {
		for (const [path, location] of [
			['/', '/sign-in'],
			['/admin', '/sign-in?redirectTo=%2Fadmin']
		]) {
			const res = await http.get(path, token);
			expect(res.status, path).toBe(303);
			expect(res.headers.get('location'), path).toBe(location);
			expect(clearsSession(res), path).toBe(true);
		}
	});

	it('refuses a form posted from another site', async () => {
		const signInFromEvil = await http.post(
			'/sign-in',
			{ email: admin.email, password: admin.password },
			{
				origin: 'https://evil.example'
			}
		);
		expect(signInFromEvil.status).toBe(403);
		expect(sessionSetCookie(signInFromEvil)).toBeUndefined();

		// Nor can another site sign someone out.
		const token = await signIn(http, admin.email, admin.password);
		const signOutFromEvil = await http.post('/sign-out', {}, { cookie: token, origin: 'https://evil.example' });
		expect(signOutFromEvil.status).toBe(403);
		expect((await http.get('/', token)).status).toBe(200);
	});
});

describe('service pages', () => {
	it('reports health with the database status', async () => {
		const res = await fetch(`${server.origin}/health`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^application\/json/);
		expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
	});

	it('shows an NHS "Page not found" page with an error reference for an unknown address', async () => {
		const res = await http.get('/no-such-page');
		expect(res.status).toBe(404);
		const text = visibleText(await res.text());
		expect(text).toContain('Page not found');
		const reference = text.match(/quote this error reference: ([0-9a-f-]{36})/)?.[1];
		expect(reference).toBeDefined();
		expect(reference).toBe(res.headers.get('x-request-id'));
	});
});
