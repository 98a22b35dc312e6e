/**
 * Governance in Chromium: a new person reads and accepts the acceptable-use statement before using the
 * workspace (the API refuses them until then); an admin's empty statement is refused, a new version is
 * published and the person is asked again; the admin filters the audit log; the account page offers
 * all my data; every page passes axe.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { launchBrowser, newContext, open, type PageProblems } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp, type Account, type Client } from './support/http';
import { startServer, type TestServer } from './support/server';

let server: TestServer;
let browser: Browser;
let http: Client;
let adminCookie: string;
let memberCookie: string;
let member: Account;

async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
	expect(await axeViolations(page), label).toEqual([]);
}

async function personPage(cookie: string): Promise<{ page: Page; problems: PageProblems }> {
	const { context, problems } = await newContext(browser, server.origin);
	await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: server.origin }]);
	return { page: await context.newPage(), problems };
}

function api(path: string, cookie: string): Promise<Response> {
	return fetch(new URL(path, server.origin), { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });
}

beforeAll(async () => {
	[server, browser] = await Promise.all([startServer(), launchBrowser()]);
	http = client(server.origin);
	adminCookie = await signUp(http, newAccount('Ada Lovelace'));
	member = newAccount('Bob Smith');
	memberCookie = await signUp(http, member, { accept: false });
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('acceptable use', () => {
	it('is shown on first sign-in, and the workspace opens once it is accepted', async () => {
		const refused = await api('/api/chats', memberCookie);
		expect(refused.status).toBe(403);
		expect(await refused.json()).toMatchObject({ message: 'Accept the acceptable-use statement first' });

		const { page, problems } = await personPage(memberCookie);
		await open(page, '/account');
		expect(page.url()).toBe(`${server.origin}/acceptable-use?redirectTo=%2Faccount`);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Acceptable use of NHS Comms Assist');
		await page.getByText('Do not enter patient-identifiable or other personal data.', { exact: false }).waitFor();
		await page.getByText('Version 1, published').waitFor();
		await expectNoAxeViolations(page, 'acceptable use');

		await page.getByRole('button', { name: 'I accept' }).click();
		await page.waitForURL(`${server.origin}/account`);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your account');
		await page.getByText(/You accepted version 1 on/).waitFor();
		await expectNoAxeViolations(page, 'account');
		const download = await page.request.get('/api/me/export');
		expect(download.status()).toBe(200);
		expect((await download.json()).profile.email).toBe(member.email);
		expect((await api('/api/chats', memberCookie)).status).toBe(200);
		expect(problems).toEqual([]);
		await page.context().close();
	});

	it('asks everyone again when an admin publishes a new version, and refuses an empty one', async () => {
		const admin = await personPage(adminCookie);
		const page = admin.page;
		await open(page, '/admin');
		await page.getByRole('link', { name: 'Settings' }).click();
		await page.waitForURL(`${server.origin}/admin/settings`);
		await expectNoAxeViolations(page, 'settings');

		const box = page.getByLabel('Acceptable-use statement');
		expect(await box.inputValue()).toContain('Do not enter patient-identifiable');
		await box.fill('   ');
		await page.getByRole('button', { name: 'Publish new version' }).click();
		const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
		await summary.getByText('Enter the acceptable-use statement: it cannot be empty').waitFor();
		await expectNoAxeViolations(page, 'settings with an error');

		await box.fill('Version two of our statement.\n\nNo patient data. A person checks every draft.');
		await page.getByRole('button', { name: 'Publish new version' }).click();
		await page.getByText('Version 2 published.', { exact: false }).waitFor();
		const history = page.getByRole('table', { name: 'Version history' });
		expect(await history.getByRole('row').nth(1).textContent()).toMatch(/2 \(current\).*1 person/);
		expect(await history.getByRole('row').nth(2).textContent()).toMatch(/1.*2 people/);

		const { page: memberPage, problems } = await personPage(memberCookie);
		await open(memberPage, '/');
		expect(memberPage.url()).toBe(`${server.origin}/acceptable-use`);
		await memberPage.getByText('Version two of our statement.').waitFor();
		await memberPage.getByText('Version 2, published').waitFor();
		expect((await api('/api/chats', memberCookie)).status).toBe(403);
		await memberPage.getByRole('button', { name: 'I accept' }).click();
		await memberPage.waitForURL(`${server.origin}/`);
		expect((await api('/api/chats', memberCookie)).status).toBe(200);
		expect(problems).toEqual([]);
		await memberPage.context().close();
		expect(admin.problems).toEqual([]);
		await page.context().close();
	});
});

describe('the audit log', () => {
	it('lets an admin filter by action, actor and date, with before and after shown', async () => {
		const { page, problems } = await personPage(adminCookie);
		await open(page, '/admin');
		await page.getByRole('link', { name: 'Audit log' }).click();
		await page.waitForURL(`${server.origin}/admin/audit`);
		await expectNoAxeViolations(page, 'audit log');

		await page.getByLabel('Action').selectOption('acceptable_use.accepted');
		await page.getByLabel("Actor's email address").fill(member.email.split('@')[0]);
		const today = new Date();
		await page.locator('#from').fill(String(today.getUTCDate()));
		await page.locator('#from-month').fill(String(today.getUTCMonth() + 1));
		await page.locator('#from-year').fill(String(today.getUTCFullYear()));
		await page.getByRole('button', { name: 'Filter' }).click();
		await page.waitForURL(/action=acceptable_use.accepted/);
		await page.getByText('Showing 1 to 2 of 2 events').waitFor();
		const rows = page.getByRole('table').getByRole('row');
		expect(await rows.count()).toBe(3);
		expect(await rows.nth(1).textContent()).toContain(member.email);
		await expectNoAxeViolations(page, 'audit log, filtered');

		await page.getByLabel('Action').selectOption('acceptable_use.published');
		await page.getByLabel("Actor's email address").fill('');
		await page.getByRole('button', { name: 'Filter' }).click();
		await page.getByText('Showing 1 to 1 of 1 event').waitFor();
		const details = await page.getByRole('table').getByRole('row').nth(1).textContent();
		expect(details).toMatch(/Before.*version: 1.*After.*version: 2/s);

		await page.locator('#to').fill('31');
		await page.locator('#to-month').fill('2');
		await page.locator('#to-year').fill('2026');
		await page.getByRole('button', { name: 'Filter' }).click();
		await page.getByRole('alert').getByText('The end date must be a real date, for example 27 3 2026').waitFor();
		await expectNoAxeViolations(page, 'audit log with an error');
		expect(problems).toEqual([]);
		await page.context().close();
	});
});

describe('records', () => {
	it('offers a chat as a record from its download links', async () => {
		const created = await fetch(new URL('/api/chats', server.origin), {
			method: 'POST',
			headers: { cookie: `${SESSION_COOKIE}=${memberCookie}`, 'content-type': 'application/json' },
			body: JSON.stringify({ title: 'Flu clinic record' })
		});
		expect(created.status).toBe(201);
		const { id } = (await created.json()) as { id: string };
		const { page, problems } = await personPage(memberCookie);
		await open(page, `/chats/${id}`);
		await page.getByRole('button', { name: 'Chat options' }).click();
		const link = page.getByRole('link', { name: 'Record (JSON) for records management' });
		expect(await link.getAttribute('href')).toBe(`/api/chats/${id}/export?format=record-json`);
		const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
		expect(download.suggestedFilename()).toBe('Flu-clinic-record.record.json');
		const word = page.getByRole('link', { name: 'Record (.docx) for records management' });
		expect(await word.getAttribute('href')).toBe(`/api/chats/${id}/export?format=record-docx`);
		const record = await page.request.get(`/api/chats/${id}/export?format=record-json`);
		expect(await record.json()).toMatchObject({
			chat: { id, title: 'Flu clinic record', owner: { email: member.email } },
			messages: []
		});
		expect(problems).toEqual([]);
		await page.context().close();
	});
});
