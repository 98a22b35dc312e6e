/**
 * People come and go, the newer parts: in real Chromium with axe (WCAG 2.2 AA) and over plain HTTP
 * with real cookies against the built app. An administrator deletes a deactivated leaver after seeing
 * what goes and typing their email address; members are refused. With SMTP set (a real SMTP server on
 * 127.0.0.1), reset and invitation links are emailed and the screen says so, still showing the link.
 * Admin › Audit names people and shows the deleted leaver by a pseudonymous reference, groups its
 * action filter, and exports the filtered view as CSV.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { launchBrowser, newContext, open, type PageProblems } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp, visibleText, type Client } from './support/http';
import { startServer, type TestServer } from './support/server';
import { linkIn, startSmtp, type TestSmtp } from '../helpers/smtp';

let server: TestServer;
let smtp: TestSmtp;
let http: Client;
let browser: Browser;
let admin: { context: BrowserContext; problems: PageProblems };

const ada = newAccount('Ada Admin');
const lee = newAccount('Lee Leaver');
const sam = newAccount('Sam Successor');
const cookies: Record<string, string> = {};
let deletedRef = '';

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

async function idOf(email: string): Promise<string> {
	const res = await http.get(`/admin/users?q=${encodeURIComponent(email)}`, cookies.ada);
	const id = (await res.text()).match(/href="\/admin\/users\/([0-9a-f-]{36})"/)?.[1];
	if (!id) throw new Error(`No user ${email} on Admin › Users`);
	return id;
}

beforeAll(async () => {
	smtp = await startSmtp();
	[server, browser] = await Promise.all([
		startServer({ SMTP_URL: smtp.url, SMTP_FROM: 'NHS Comms Assist <comms-assist@example.nhs.uk>' }),
		launchBrowser()
	]);
	http = client(server.origin);
	cookies.ada = await signUp(http, ada);
	cookies.lee = await signUp(http, lee);
	cookies.sam = await signUp(http, sam);
	admin = await newContext(browser, server.origin);
	await admin.context.addCookies([{ name: SESSION_COOKIE, value: cookies.ada, url: server.origin }]);
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await smtp?.stop();
});

async function axeClean(page: Page) {
	await page.locator('footer.nhsuk-footer').waitFor();
	expect(await axeViolations(page)).toEqual([]);
}

describe('deleting a leaver', () => {
	it('says to deactivate first, then deletes after the typed confirmation, in the browser', async () => {
		const leeId = await idOf(lee.email);
		const page = await admin.context.newPage();
		expect(await open(page, `/admin/users/${leeId}`)).toBe(200);
		await page.getByText("To delete Lee Leaver's account, deactivate them first.").waitFor();

		const off = await http.post(
			`/admin/users/${leeId}?/deactivate`,
			{ newOwnerId: await idOf(sam.email) },
			{
				cookie: cookies.ada
			}
		);
		expect(off.status).toBe(200);
		expect(await open(page, `/admin/users/${leeId}`)).toBe(200);
		await page.getByText('0 chats, with their messages and drafts').waitFor();
		await axeClean(page);

		await page.getByRole('button', { name: "Delete Lee Leaver's account" }).click();
		await page.getByText("Delete Lee Leaver's account?").waitFor();
		await axeClean(page);
		await page.getByLabel('Type their email address to confirm').fill('someone.else@nhs.net');
		await page.getByRole('button', { name: 'Yes, delete this account' }).click();
		await page
			.locator('.nhsuk-error-summary')
			.getByRole('link', { name: `The email address does not match. Type ${lee.email} exactly to confirm` })
			.waitFor();
		await axeClean(page);

		await page.getByLabel('Type their email address to confirm').fill(lee.email);
		await page.getByRole('button', { name: 'Yes, delete this account' }).click();
		await page.waitForURL(/\/admin\/users\?deleted=[0-9a-f]{8}$/);
		const ref = leeId.replace(/-/g, '').slice(0, 8);
		deletedRef = `Deleted person #${ref}`;
		await page.getByRole('alert').getByText(`The audit log now shows them as Deleted person #${ref}`).waitFor();
		expect(await page.getByRole('link', { name: 'Lee Leaver' }).count()).toBe(0);
		await axeClean(page);
		expect(admin.problems).toEqual([]);
		await page.close();

		expect((await http.get(`/admin/users/${leeId}`, cookies.ada)).status).toBe(404);
		expect((await http.post('/sign-in', { email: lee.email, password: lee.password })).status).toBe(400);
	});

	it('refuses members the page action and the endpoint, as every admin route does', async () => {
		const samId = await idOf(sam.email);
		const byPage = await http.post(
			`/admin/users/${samId}?/delete`,
			{ step: 'confirm', confirmEmail: sam.email },
			{
				cookie: cookies.sam
			}
		);
		expect(byPage.status).toBe(403);
		const byApi = await api('DELETE', `/api/admin/users/${samId}`, cookies.sam, { confirmEmail: sam.email });
		const otherAdminApi = await api('GET', `/api/admin/jobs/${samId}`, cookies.sam);
		expect(byApi.status).toBe(403);
		expect(otherAdminApi.status).toBe(403);
		expect(((await byApi.json()) as { message: string }).message).toBe(
			((await otherAdminApi.json()) as { message: string }).message
		);
		// Still there, and an active person must be deactivated first, over the API too.
		const active = await api('DELETE', `/api/admin/users/${samId}`, cookies.ada, { confirmEmail: sam.email });
		expect(active.status).toBe(409);
		expect(((await active.json()) as { message: string }).message).toMatch(/^Deactivate Sam Successor first/);
		expect(visibleText(await (await http.get(`/admin/users/${samId}`, cookies.ada)).text())).toContain('Sam Successor');
	});
});

describe('links by email when SMTP is set', () => {
	it('emails a reset link, says so on screen and still shows it to copy, in the browser', async () => {
		const samId = await idOf(sam.email);
		const page = await admin.context.newPage();
		expect(await open(page, `/admin/users/${samId}`)).toBe(200);
		await page.getByText(`It is emailed to ${sam.email} and shown to you once`).waitFor();
		const before = smtp.messages.length;
		await page.getByRole('button', { name: 'Email a reset link' }).click();
		await page.getByRole('status').getByText(`has been emailed to ${sam.email}`).waitFor();
		const shown = await page.locator('#reset-link').textContent();
		await axeClean(page);
		expect(smtp.messages.length).toBe(before + 1);
		const mail = smtp.messages.at(-1)!;
		expect(mail.to).toEqual([sam.email]);
		expect(linkIn(mail, `${server.origin}/reset-password/`)).toBe(shown);
		await page.close();
	});

	it('emails an invitation from Admin › Users, and the emailed link creates the account', async () => {
		const email = `nia.${Date.now()}@nhs.net`;
		const page = await admin.context.newPage();
		expect(await open(page, '/admin/users')).toBe(200);
		await page.getByLabel('Email address').fill(email);
		await page.getByRole('button', { name: 'Email an invitation link' }).click();
		await page.getByRole('status').getByText(`has been emailed to ${email}`).waitFor();
		await axeClean(page);
		expect(admin.problems).toEqual([]);
		await page.close();
		const mail = smtp.messages.at(-1)!;
		expect(mail.to).toEqual([email]);
		const link = linkIn(mail, `${server.origin}/join/`)!;
		const joined = await http.post(new URL(link).pathname, {
			name: 'Nia New',
			password: 'meadow lantern copper river'
		});
		expect(joined.status).toBe(303);
	});
});

describe('Admin › Audit in people’s language', () => {
	it('shows names, plain actions grouped in the filter, and the deleted leaver by reference, in the browser', async () => {
		const page = await admin.context.newPage();
		expect(await open(page, '/admin/audit')).toBe(200);
		await axeClean(page);
		const groups = await page.locator('#action optgroup').evaluateAll((els) => els.map((e) => e.getAttribute('label')));
		expect(groups).toEqual(expect.arrayContaining(['Signing in', 'People', 'Teams']));
		await page.getByLabel('Action').selectOption({ label: 'Deleted an account' });
		await page.getByRole('button', { name: 'Filter' }).click();
		await page.waitForURL(/action=user\.deleted/);
		const row = page.locator('tbody tr').first();
		await row.getByText('Deleted an account').waitFor();
		await row.getByText('Ada Admin').waitFor();
		await row.getByText(deletedRef).waitFor();
		expect(await page.locator('tbody tr').count()).toBe(1);
		await axeClean(page);
		const href = await page.getByRole('link', { name: /Export CSV/ }).getAttribute('href');
		expect(href).toBe('/admin/audit/export.csv?action=user.deleted');
		expect(admin.problems).toEqual([]);
		await page.close();

		const csv = await http.get(href!, cookies.ada);
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		const lines = (await csv.text()).trimEnd().split('\r\n');
		expect(lines).toHaveLength(2);
		expect(lines[1]).toContain(`Ada Admin,${ada.email},Deleted an account,user.deleted,user,${deletedRef},`);
		expect((await http.get(href!, cookies.sam)).status).toBe(403);
	});
});
