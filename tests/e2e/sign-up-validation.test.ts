/** Sign-up refuses bad input with messages a person can act on, and creates no account. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	client,
	errorSummary,
	newAccount,
	sessionSetCookie,
	signUp,
	visibleText,
	type Account,
	type Client
} from './support/http';
import { startServer, type TestServer } from './support/server';

let server: TestServer;
let http: Client;
let existing: Account;
let adminCookie: string;

beforeAll(async () => {
	server = await startServer();
	http = client(server.origin);
	existing = newAccount('Ada Lovelace');
	adminCookie = await signUp(http, existing);
});
afterAll(() => server?.stop());

/** How many accounts the admin page says exist. */
async function accountCount(): Promise<number> {
	const text = visibleText(await (await http.get('/admin', adminCookie)).text());
	const n = text.match(/(\d+) accounts?,/)?.[1];
	if (!n) throw new Error(`No account count on /admin: ${text}`);
	return Number(n);
}

/** Posts the sign-up form and checks it was refused with exactly these messages and nothing created. */
async function expectRefused(fields: Record<string, string>, messages: string[]): Promise<string> {
	const before = await accountCount();
	const res = await http.post('/sign-up', fields);
	const html = await res.text();
	expect(res.status).toBe(400);
	expect(sessionSetCookie(res)).toBeUndefined();
	expect(errorSummary(html)).toEqual(messages);
	expect(await accountCount()).toBe(before);
	return html;
}

describe('sign-up refuses', () => {
	it('missing fields, naming each one', async () => {
		await expectRefused({}, ['Enter your full name', 'Enter your email address', 'Enter a password']);
		await expectRefused({ name: '  ', email: '', password: '' }, [
			'Enter your full name',
			'Enter your email address',
			'Enter a password'
		]);
	});

	it('a malformed email address, keeping what was typed but never the password', async () => {
		const html = await expectRefused(
			{ name: 'Dee Patel', email: 'dee.patel-at-nhs.net', password: 'secret phrase 123' },
			['Enter an email address in the correct format, like name@nhs.net']
		);
		expect(html).toMatch(/id="email"[^>]*value="dee.patel-at-nhs.net"|value="dee.patel-at-nhs.net"[^>]*id="email"/);
		expect(html).toContain('value="Dee Patel"');
		expect(html).not.toContain('secret phrase 123');
		// The field itself is marked as wrong, for screen readers as well as by colour.
		expect(html).toMatch(/<input[^>]*id="email"[^>]*aria-invalid="true"/);
	});

	it('an email address longer than 254 characters', async () => {
		const email = `${'a'.repeat(60)}@${'b'.repeat(190)}.nhs.net`;
		expect(email.length).toBeGreaterThan(254);
		await expectRefused({ name: 'Long Email', email, password: 'plum kettle harbour lantern' }, [
			'Email address must be 254 characters or fewer'
		]);
	});

	it('a password over 1 KB, before hashing it', async () => {
		await expectRefused({ name: 'Long Password', email: 'long.password@nhs.net', password: 'x1'.repeat(1000) }, [
			'Password must be 1024 characters or fewer'
		]);
	});

	it('a password shorter than 12 characters', async () => {
		await expectRefused({ name: 'Short Password', email: 'short.password@nhs.net', password: 'kettle plum' }, [
			'Password must be 12 characters or more'
		]);
	});

	it('a common password', async () => {
		await expectRefused({ name: 'Common Password', email: 'common.password@nhs.net', password: 'Password123!' }, [
			'Password is too common. Choose a longer phrase that other people would not guess'
		]);
	});

	it('an email address that is already registered, whatever its letter case', async () => {
		await expectRefused(
			{ name: 'Someone Else', email: existing.email.toUpperCase(), password: 'another long phrase' },
			['An account with this email address already exists. Sign in instead']
		);
	});
});

describe('sign-up accepts', () => {
	it('a valid account after refusals, so the refusals above were about the input', async () => {
		const before = await accountCount();
		await signUp(http, newAccount('Eve Okafor'));
		expect(await accountCount()).toBe(before + 1);
	});
});
