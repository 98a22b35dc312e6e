/**
 * Two-step verification (TOTP, RFC 6238) over HTTP through the built app: enrolment, the sign-in
 * step with no session before a valid code, single-use recovery codes, rate limits, turning it off,
 * and the administrator's "require it for every password account" setting. Codes are computed here
 * with @oslojs/otp, as an authenticator app would.
 */
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	client,
	errorSummary,
	newAccount,
	SESSION_COOKIE,
	sessionToken,
	signIn,
	signUp,
	visibleText,
	type Client
} from './support/http';
import { CookieJar, request } from './support/oidc';
import { startServer, type TestServer } from './support/server';

let app: TestServer;
let http: Client;
let adminToken: string;

beforeAll(async () => {
	app = await startServer();
	http = client(app.origin);
	adminToken = await signUp(http, newAccount('Ada Admin'));
});

afterAll(async () => {
	await app?.stop();
});

/** The code an authenticator shows for a 30-second step (0 = now, 1 = the next one). */
function code(secret: string, step = 0): string {
	const counter = Math.floor(Date.now() / 30_000) + step;
	return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(counter), 6);
}

function api(path: string, token: string | undefined, method = 'GET', body?: unknown) {
	return fetch(new URL(path, app.origin), {
		method,
		headers: {
			accept: 'application/json',
			origin: app.origin,
			...(token ? { cookie: `${SESSION_COOKIE}=${token}` } : {}),
			...(body ? { 'content-type': 'application/json' } : {})
		},
		body: body ? JSON.stringify(body) : undefined
	});
}

/** Signs up, enrols with the code for now; returns the secret and the recovery codes. */
async function enrolled() {
	const account = newAccount('Mo Factor');
	const token = await signUp(http, account);
	const started = await api('/api/me/mfa/totp', token, 'POST');
	expect(started.status).toBe(201);
	const { secret, otpauthUri } = await started.json();
	expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/NHS%20Comms%20Assist:/);
	expect(otpauthUri).toContain(`secret=${secret}`);
	const confirmed = await api('/api/me/mfa/totp/confirm', token, 'POST', { code: code(secret) });
	expect(confirmed.status).toBe(200);
	const { recoveryCodes } = await confirmed.json();
	return { account, token, secret, recoveryCodes: recoveryCodes as string[] };
}

/** Password step: 303 to /sign-in/mfa and no session yet; returns the browser's cookies. */
async function passwordStep(email: string, password: string): Promise<CookieJar> {
	const jar = new CookieJar();
	const res = await request(jar, new URL('/sign-in', app.origin), { form: { email, password } });
	expect(res.status).toBe(303);
	expect(res.headers.get('location')).toBe('/sign-in/mfa');
	expect(jar.get(app.origin, SESSION_COOKIE)).toBeUndefined();
	return jar;
}

function postCode(jar: CookieJar, value: string) {
	return request(jar, new URL('/sign-in/mfa', app.origin), { form: { code: value } });
}

describe('two-step verification', () => {
	it('refuses a wrong code at enrolment with 400, then turns on with a right one and gives ten recovery codes', async () => {
		const token = await signUp(http, newAccount('Wrong First'));
		const { secret } = await (await api('/api/me/mfa/totp', token, 'POST')).json();
		const wrong = await api('/api/me/mfa/totp/confirm', token, 'POST', { code: code(secret, 5) });
		expect(wrong.status).toBe(400);
		expect((await (await api('/api/me', token)).json()).mfa).toBe(false);
		const right = await api('/api/me/mfa/totp/confirm', token, 'POST', { code: code(secret) });
		expect(right.status).toBe(200);
		const { recoveryCodes } = await right.json();
		expect(recoveryCodes).toHaveLength(10);
		expect(new Set(recoveryCodes).size).toBe(10);
		expect((await (await api('/api/me', token)).json()).mfa).toBe(true);
	});

	it('asks for a code after the password and starts no session until a valid one', async () => {
		const { account, secret } = await enrolled();
		const jar = await passwordStep(account.email, account.password);
		expect((await request(jar, new URL('/api/me', app.origin))).status).toBe(401);
		const page = await request(jar, new URL('/sign-in/mfa', app.origin));
		expect(page.status).toBe(200);

		const wrong = await postCode(jar, '000000');
		expect(wrong.status).toBe(400);
		expect(jar.get(app.origin, SESSION_COOKIE)).toBeUndefined();
		// The enrolment code was used already: the same code is never accepted twice.
		expect((await postCode(jar, code(secret))).status).toBe(400);
		expect(jar.get(app.origin, SESSION_COOKIE)).toBeUndefined();

		const right = await postCode(jar, code(secret, 1));
		expect(right.status).toBe(303);
		expect(jar.get(app.origin, SESSION_COOKIE)).toBeTruthy();
		expect((await request(jar, new URL('/api/me', app.origin))).status).toBe(200);
	});

	it('accepts each recovery code once', async () => {
		const { account, recoveryCodes } = await enrolled();
		const first = await passwordStep(account.email, account.password);
		expect((await postCode(first, recoveryCodes[0].toUpperCase())).status).toBe(303);
		expect(first.get(app.origin, SESSION_COOKIE)).toBeTruthy();

		const second = await passwordStep(account.email, account.password);
		const again = await postCode(second, recoveryCodes[0]);
		expect(again.status).toBe(400);
		expect(second.get(app.origin, SESSION_COOKIE)).toBeUndefined();
		expect((await postCode(second, recoveryCodes[1])).status).toBe(303);
	});

	it('cannot skip the code step by reusing the pending cookie after it is used', async () => {
		const { account, recoveryCodes } = await enrolled();
		const jar = await passwordStep(account.email, account.password);
		const pending = jar.header(new URL(app.origin));
		expect((await postCode(jar, recoveryCodes[0])).status).toBe(303);
		const replay = await fetch(new URL('/sign-in/mfa', app.origin), {
			method: 'POST',
			redirect: 'manual',
			headers: {
				accept: 'text/html',
				cookie: pending.replace(/nhs_comms_session=[^;]+;?\s*/, ''),
				'content-type': 'application/x-www-form-urlencoded',
				origin: app.origin
			},
			body: new URLSearchParams({ code: recoveryCodes[1] }).toString()
		});
		expect(replay.status).toBe(400);
		expect(replay.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
	});

	it('limits wrong codes: after five, even a right code must wait', async () => {
		const { account, secret } = await enrolled();
		const jar = await passwordStep(account.email, account.password);
		for (let i = 0; i < 5; i++) expect((await postCode(jar, '999999')).status).toBe(400);
		const limited = await postCode(jar, code(secret, 1));
		expect(limited.status).toBe(429);
		expect(errorSummary(await limited.text()).join(' ')).toMatch(/Too many attempts\. Try again in \d+ minutes?/);
		expect(jar.get(app.origin, SESSION_COOKIE)).toBeUndefined();
	});

	it('needs a current code to turn it off', async () => {
		const { token, secret, recoveryCodes } = await enrolled();
		expect((await api('/api/me/mfa/totp', token, 'DELETE', {})).status).toBe(400);
		expect((await api('/api/me/mfa/totp', token, 'DELETE', { code: '123456' })).status).toBe(400);
		// A recovery code does not turn it off.
		expect((await api('/api/me/mfa/totp', token, 'DELETE', { code: recoveryCodes[0] })).status).toBe(400);
		expect((await (await api('/api/me', token)).json()).mfa).toBe(true);
		const off = await api('/api/me/mfa/totp', token, 'DELETE', { code: code(secret, 1) });
		expect(off.status).toBe(200);
		expect((await (await api('/api/me', token)).json()).mfa).toBe(false);
	});

	it('refuses the API to someone signed out', async () => {
		expect((await api('/api/me/mfa/totp', undefined, 'POST')).status).toBe(401);
		expect((await api('/api/me/mfa/totp/confirm', undefined, 'POST', { code: '123456' })).status).toBe(401);
	});

	it('records enrolment and turning off in the audit log', async () => {
		const { token, secret } = await enrolled();
		await api('/api/me/mfa/totp', token, 'DELETE', { code: code(secret, 1) });
		const audit = await http.get('/admin/audit?action=auth.mfa_enabled', adminToken);
		expect(visibleText(await audit.text())).toContain('auth.mfa_enabled');
		const disabled = await http.get('/admin/audit?action=auth.mfa_disabled', adminToken);
		expect(visibleText(await disabled.text())).toContain('auth.mfa_disabled');
	});
});

describe('an administrator requires two-step verification', () => {
	it('asks a password account without it to set it up at sign-in, with no session until it is on', async () => {
		const account = newAccount('Nia Nextime');
		await signUp(http, account);
		const saved = await http.post('/admin/settings?/saveSignIn', { requireMfa: 'true' }, { cookie: adminToken });
		expect(saved.status).toBe(200);

		const jar = new CookieJar();
		const res = await request(jar, new URL('/sign-in', app.origin), {
			form: { email: account.email, password: account.password }
		});
		expect(res.headers.get('location')).toBe('/sign-in/mfa/setup');
		expect(jar.get(app.origin, SESSION_COOKIE)).toBeUndefined();
		const page = await (await request(jar, new URL('/sign-in/mfa/setup', app.origin))).text();
		const secret = page.match(/data-testid="totp-secret"[^>]*>([A-Z2-7 ]+)</)?.[1].replace(/ /g, '');
		expect(secret).toBeTruthy();
		expect(page).toContain('src="data:image/svg+xml;base64,');

		const wrong = await request(jar, new URL('/sign-in/mfa/setup', app.origin), { form: { code: '000000' } });
		expect(wrong.status).toBe(400);
		expect(jar.get(app.origin, SESSION_COOKIE)).toBeUndefined();
		const done = await request(jar, new URL('/sign-in/mfa/setup', app.origin), { form: { code: code(secret!) } });
		expect(done.status).toBe(200);
		expect(visibleText(await done.text())).toContain('Save your recovery codes');
		expect(jar.get(app.origin, SESSION_COOKIE)).toBeTruthy();
		expect((await (await request(jar, new URL('/api/me', app.origin))).json()).mfa).toBe(true);

		// A new account is asked to set it up too, before it has a session.
		const other = newAccount('Omar Optional');
		const signedUp = await http.post('/sign-up', { ...other });
		expect(signedUp.status).toBe(303);
		expect(signedUp.headers.get('location')).toBe('/sign-in/mfa/setup');
		expect(sessionToken(signedUp)).toBeUndefined();

		// Switched off again, a password account without an app signs straight in.
		await http.post('/admin/settings?/saveSignIn', {}, { cookie: adminToken });
		expect(await signIn(http, other.email, other.password)).toBeTruthy();
	});
});
