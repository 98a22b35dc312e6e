/**
 * Admin › Search synonyms in Chromium: an administrator adds a term, is told clearly what is wrong with
 * a bad one, changes and deletes a term; a member is refused. Every screen passes axe (WCAG 2.2 AA).
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { launchBrowser, newContext, open, type PageProblems } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp, type Client } from './support/http';
import { startServer, type TestServer } from './support/server';

let server: TestServer;
let browser: Browser;
let http: Client;
let admin: { context: BrowserContext; problems: PageProblems };
let member: { context: BrowserContext; problems: PageProblems };

beforeAll(async () => {
	[server, browser] = await Promise.all([startServer({}), launchBrowser()]);
	http = client(server.origin);
	const adminCookie = await signUp(http, newAccount('Ada Lovelace'));
	const memberCookie = await signUp(http, newAccount('Bob Smith'));
	admin = await newContext(browser, server.origin);
	await admin.context.addCookies([{ name: SESSION_COOKIE, value: adminCookie, url: server.origin }]);
	member = await newContext(browser, server.origin);
	await member.context.addCookies([{ name: SESSION_COOKIE, value: memberCookie, url: server.origin }]);
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('/admin/synonyms', () => {
	it('lists the built-in terms; an admin adds, corrects, changes and deletes a term', async () => {
		const page = await admin.context.newPage();
		await open(page, '/admin');
		await page.getByRole('link', { name: 'Search synonyms' }).click();
		await page.waitForURL(`${server.origin}/admin/synonyms`);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Search synonyms');
		expect(await page.getByRole('cell', { name: /^A&E/ }).count()).toBe(1);
		expect(await axeViolations(page)).toEqual([]);

		await page.getByLabel('Term').fill('A&E');
		await page.getByLabel('Synonyms').fill('casualty');
		await page.getByRole('button', { name: 'Add term' }).click();
		const summary = page.getByRole('alert');
		await summary.waitFor();
		expect(await summary.textContent()).toContain('"A&E" is already in the list');
		expect(await page.title()).toMatch(/^Error: /);
		expect(await axeViolations(page)).toEqual([]);

		await page.getByLabel('Term').fill('Casualty');
		await page.getByLabel('Synonyms').fill('A and E department\nemergency room');
		await page.getByRole('button', { name: 'Add term' }).click();
		await page.getByText('Added "Casualty"').waitFor();
		const row = page.getByRole('row', { name: /Casualty/ });
		expect(await row.textContent()).toContain('A and E department, emergency room');

		await row.getByRole('link', { name: 'Casualty' }).click();
		await page.getByRole('heading', { level: 1, name: 'Casualty' }).waitFor();
		expect(await axeViolations(page)).toEqual([]);
		await page.getByLabel('Synonyms').fill('');
		await page.getByRole('button', { name: 'Save term' }).click();
		await page.getByRole('alert').waitFor();
		expect(await page.getByRole('alert').textContent()).toContain('Enter at least one synonym');
		await page.getByLabel('Synonyms').fill('emergency room');
		await page.getByRole('button', { name: 'Save term' }).click();
		await page.getByText('Saved "Casualty"').waitFor();

		await open(page, '/admin/synonyms');
		await page.getByRole('button', { name: 'Delete Casualty' }).click();
		await page.getByText('Deleted "Casualty"').waitFor();
		expect(await page.getByRole('row', { name: /Casualty/ }).count()).toBe(0);
		// The two refused forms answer 400 (the browser logs that); nothing else may go wrong.
		expect(admin.problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
		await page.close();
	}, 60_000);

	it('is refused to a member', async () => {
		const page = await member.context.newPage();
		const response = await page.goto(`${server.origin}/admin/synonyms`);
		expect(response?.status()).toBe(403);
		await page.close();
	});
});
