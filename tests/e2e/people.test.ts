/**
 * People come and go, in real Chromium and over plain HTTP with real cookies: an administrator
 * deactivates a leaver (their sessions end at once, they cannot sign in, their shared assistant moves to
 * a named colleague), reactivates them, and hands out a one-time reset link; people change their own
 * password. The screens pass axe (WCAG 2.2 AA).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { launchBrowser, newContext, open, type PageProblems } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signIn, signUp, visibleText, type Client } from './support/http';
import { startServer, type TestServer } from './support/server';

let server: TestServer;
let http: Client;
let browser: Browser;
let admin: { context: BrowserContext; problems: PageProblems };

const ada = newAccount('Ada Admin');
const lee = newAccount('Lee Leaver');
const sam = newAccount('Sam Successor');
const cookies: Record<string, string> = {};
let leeId: string;
let assistantId: string;

function api(method: string, path: string, cookie: string, body?: unknown) {
	return fetch(new URL(path, server.origin), {
		method,
		headers: {
			cookie: `${SESSION_COOKIE}=${cookie}`,
			accept: 'application/json',
			origin: server.origin,
			...(body ? { 'content-type': 'application/json' } : {})
		},
		body: body ? JSON.stringify(body) : undefined
	});
}

beforeAll(async () => {
	[server, browser] = await Promise.all([startServer(), launchBrowser()]);
	http = client(server.origin);
	cookies.ada = await signUp(http, ada);
	cookies.lee = await signUp(http, lee);
	cookies.sam = await signUp(http, sam);
	const res = await api('POST', '/api/assistants', cookies.lee, {
		name: 'Bulletin helper',
		description: 'Drafts the weekly staff bulletin',
		category: 'Internal communications',
		instructions: 'Draft a short, friendly staff bulletin in NHS style.',
		visibility: 'organisation',
		status: 'draft',
		starters: [],
		intake: {
			mode: 'form',
			questions: [{ id: 'topic', label: 'What is it about?', type: 'short_text', required: true }]
		}
	});
	expect(res.status, await res.clone().text()).toBe(201);
	assistantId = ((await res.json()) as { id: string }).id;
	// Waiting for approval, so only its owner can open it.
	expect((await api('GET', `/api/assistants/${assistantId}`, cookies.sam)).status).toBe(404);
	admin = await newContext(browser, server.origin);
	await admin.context.addCookies([{ name: SESSION_COOKIE, value: cookies.ada, url: server.origin }]);
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function axeClean(page: Page) {
	await page.locator('footer.nhsuk-footer').waitFor();
	expect(await axeViolations(page)).toEqual([]);
}

describe('off-boarding a leaver in the browser', () => {
	it('finds the leaver by search, deactivates them with a successor, and they are signed out at once', async () => {
		const page = await admin.context.newPage();
		expect(await open(page, '/admin/users')).toBe(200);
		await axeClean(page);
		await page.getByLabel('Name or email').fill('leaver');
		await page.getByRole('button', { name: 'Filter' }).click();
		await page.waitForURL(/q=leaver/);
		expect(await page.locator('tbody tr').count()).toBe(1);
		await page.getByRole('link', { name: 'Lee Leaver' }).click();
		await page.waitForURL(/\/admin\/users\/[0-9a-f-]{36}$/);
		leeId = page.url().split('/').pop()!;
		await axeClean(page);

		// Without a successor: an error a person can act on, linked from the summary.
		await page.getByRole('button', { name: 'Deactivate Lee Leaver' }).click();
		await page.locator('.nhsuk-error-summary').getByText('Choose who will own').waitFor();
		await axeClean(page);
		expect((await http.get('/', cookies.lee)).status).toBe(200);

		await page
			.getByLabel('Who should own their shared assistants and prompts?')
			.selectOption({ label: `Sam Successor (${sam.email})` });
		await page.getByRole('button', { name: 'Deactivate Lee Leaver' }).click();
		await page
			.getByRole('alert')
			.getByText(
				/Lee Leaver is deactivated and signed out everywhere\. 1 shared assistant and 0 shared prompts now belong to Sam Successor/
			)
			.waitFor();
		await page.getByText(/Deactivated on/).waitFor();
		await axeClean(page);
		expect(admin.problems).toEqual([]);
		await page.close();

		// Lee's session ended at once, and signing in is refused.
		const after = await http.get('/', cookies.lee);
		expect(after.status).toBe(303);
		expect(after.headers.get('location')).toMatch(/^\/sign-in/);
		expect((await http.post('/sign-in', { email: lee.email, password: lee.password })).status).toBe(400);
		// The shared assistant now belongs to Sam, who can open it.
		expect((await api('GET', `/api/assistants/${assistantId}`, cookies.sam)).status).toBe(200);
	});

	it('reactivates the leaver, who can sign in again', async () => {
		const res = await http.post(`/admin/users/${leeId}?/reactivate`, {}, { cookie: cookies.ada });
		expect(res.status).toBe(200);
		expect(visibleText(await res.text())).toContain('Lee Leaver can sign in again');
		cookies.lee = await signIn(http, lee.email, lee.password);
		// Members cannot use the admin actions.
		const bySam = await http.post(`/admin/users/${leeId}?/reset`, {}, { cookie: cookies.sam });
		expect(bySam.status).toBe(403);
	});
});

describe('a one-time reset link', () => {
	it('is shown to the admin once, sets a new password once, and signs the person out everywhere', async () => {
		const issued = await http.post(`/admin/users/${leeId}?/reset`, {}, { cookie: cookies.ada });
		const url = (await issued.text()).match(/<code id="reset-link">([^<]+)<\/code>/)?.[1];
		expect(url).toMatch(new RegExp(`^${server.origin}/reset-password/[a-z2-7]{52}$`));
		const path = new URL(url!).pathname;
		const form = await http.get(path);
		expect(form.headers.get('referrer-policy')).toBe('same-origin');
		expect(form.headers.get('cache-control')).toBe('no-store');
		expect(visibleText(await form.text())).toContain('Hello Lee');

		const newPassword = 'river candle orchard meadow';
		const done = await http.post(path, { newPassword, confirmPassword: newPassword });
		expect(done.status).toBe(200);
		expect(visibleText(await done.text())).toContain('Your password has been changed');
		expect((await http.get('/', cookies.lee)).status).toBe(303);
		cookies.lee = await signIn(http, lee.email, newPassword);
		lee.password = newPassword;

		const again = await http.post(path, {
			newPassword: 'another long pass phrase',
			confirmPassword: 'another long pass phrase'
		});
		expect(again.status).toBe(410);
		expect(visibleText(await again.text())).toContain('This link has expired or has already been used');
	});
});

describe('inviting someone with a link', () => {
	it('creates their account with the role chosen in advance, once', async () => {
		const email = `nia.${Date.now()}@nhs.net`;
		const res = await http.post(
			'/admin/users?/invite',
			{ inviteEmail: email, inviteRole: 'admin' },
			{ cookie: cookies.ada }
		);
		expect(res.status).toBe(200);
		const url = (await res.text()).match(/<code id="invite-link">([^<]+)<\/code>/)?.[1];
		expect(url).toMatch(new RegExp(`^${server.origin}/join/[a-z2-7]{52}$`));
		const path = new URL(url!).pathname;
		expect(visibleText(await (await http.get(path)).text())).toContain(`create an account for ${email}`);
		const joined = await http.post(path, { name: 'Nia New', password: 'meadow lantern copper river' });
		expect(joined.status).toBe(303);
		const cookie = joined.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
		expect(cookie).toBeDefined();
		expect((await http.post(path, { name: 'Again', password: 'meadow lantern copper river' })).status).toBe(410);
		expect((await http.post('/admin/users?/invite', { inviteEmail: email }, { cookie: cookies.sam })).status).toBe(403);
	});
});

describe('your own password', () => {
	it('needs the current one and signs you out elsewhere, in the browser', async () => {
		const elsewhere = await signIn(http, lee.email, lee.password);
		const mine = await newContext(browser, server.origin);
		await mine.context.addCookies([{ name: SESSION_COOKIE, value: cookies.lee, url: server.origin }]);
		const page = await mine.context.newPage();
		expect(await open(page, '/account')).toBe(200);
		await axeClean(page);
		await page.getByLabel('Current password').fill('not my password at all');
		await page.getByLabel('New password', { exact: true }).fill('copper willow station breeze');
		await page.getByLabel('New password again').fill('copper willow station breeze');
		await page.getByRole('button', { name: 'Change password' }).click();
		await page.locator('.nhsuk-error-summary').getByText('Your current password is not right').waitFor();
		await axeClean(page);
		await page.getByLabel('Current password').fill(lee.password);
		await page.getByLabel('New password', { exact: true }).fill('copper willow station breeze');
		await page.getByLabel('New password again').fill('copper willow station breeze');
		await page.getByRole('button', { name: 'Change password' }).click();
		await page
			.getByRole('alert')
			.getByText('Your password has been changed. You were signed out on 1 other device.')
			.waitFor();
		expect((await http.get('/', cookies.lee)).status).toBe(200);
		expect((await http.get('/', elsewhere)).status).toBe(303);
		expect(mine.problems).toEqual([]);
		await mine.context.close();
	});
});
