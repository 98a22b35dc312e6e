/**
 * The task library and the organisation prompt library in Chromium. A member browses the assistants by
 * theme (a team's own assistant sits in its theme, marked as the team's), picks one theme with a link,
 * searches words only a starter prompt contains and hears how many tasks match, and finds a way back
 * from a search with no results; people new to AI see "Start here". The theme links and search also
 * work as plain requests. The prompt library ships its examples, which an administrator edits. Axe
 * passes on every page.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { launchBrowser, NARROW, newContext, open, type PageProblems } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp, visibleText, type Client } from './support/http';
import { joinTeam } from './support/teams';
import { startServer, type TestServer } from './support/server';

let server: TestServer;
let browser: Browser;
let http: Client;
let adminCookie: string;
let memberCookie: string;
let builderCookie: string;
let teamId: string;

async function signedIn(cookie: string): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
	const { context, problems } = await newContext(browser, server.origin);
	await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: server.origin }]);
	return { context, page: await context.newPage(), problems };
}

async function expectAccessible(page: Page, label: string): Promise<void> {
	expect(await axeViolations(page), label).toEqual([]);
}

beforeAll(async () => {
	[server, browser] = await Promise.all([startServer(), launchBrowser()]);
	http = client(server.origin);
	adminCookie = await signUp(http, newAccount('Ada Admin')); // the first account is an administrator
	const member = newAccount('Mo Member');
	memberCookie = await signUp(http, member);
	// A builder's team shares its own assistant with the member.
	builderCookie = await signUp(http, newAccount('Bea Builder'));
	const team = await http.post('/teams?/create', { name: 'Press office', description: '' }, { cookie: builderCookie });
	expect(team.status).toBe(303);
	const teamPath = team.headers.get('location')!;
	await joinTeam(http, teamPath, builderCookie, { email: member.email, cookie: memberCookie });
	teamId = teamPath.split('/').pop()!;
	const created = await fetch(new URL('/api/assistants', server.origin), {
		method: 'POST',
		headers: {
			cookie: `${SESSION_COOKIE}=${builderCookie}`,
			origin: server.origin,
			accept: 'application/json',
			'content-type': 'application/json'
		},
		body: JSON.stringify({
			name: 'Clinic news',
			description: 'Drafts news about new and changing clinics',
			category: 'Media and press',
			instructions: 'Write a short news item about a clinic, in plain English.',
			visibility: 'team',
			teamId,
			starters: ['News about the new phlebotomy hub'],
			intake: { mode: 'none', questions: [] }
		})
	});
	expect(created.status).toBe(201);
}, 180_000);

/** A team assistant made by the builder through the JSON API. */
async function teamAssistant(name: string, category: string): Promise<void> {
	const res = await fetch(new URL('/api/assistants', server.origin), {
		method: 'POST',
		headers: {
			cookie: `${SESSION_COOKIE}=${builderCookie}`,
			origin: server.origin,
			accept: 'application/json',
			'content-type': 'application/json'
		},
		body: JSON.stringify({
			name,
			description: `Drafts ${name.toLowerCase()} for the team`,
			category,
			instructions: 'Write clear, kind NHS copy in plain English.',
			visibility: 'team',
			teamId,
			intake: { mode: 'none', questions: [] }
		})
	});
	expect(res.status, name).toBe(201);
}

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('the task library', () => {
	it('is browsed by theme, with Start here for people new to AI', async () => {
		const { context, page, problems } = await signedIn(memberCookie);
		await open(page, '/assistants');
		const start = page.getByRole('region', { name: 'Start here' });
		await start.waitFor();
		expect(await start.textContent()).toMatch(/it asks\s+a few questions/);
		expect(await start.getByRole('link', { name: 'Press release', exact: true }).count()).toBe(1);

		// Each theme has a heading with its count; the team's assistant is in its theme, marked as the team's.
		const media = page.getByRole('region', { name: /^Media and press\b/ });
		const cards = media.locator('.nhsuk-card');
		const count = await cards.count();
		expect(count).toBeGreaterThanOrEqual(2);
		expect(await media.getByRole('heading', { level: 2 }).textContent()).toMatch(new RegExp(`${count} tasks?`));
		const clinic = cards.filter({ has: page.getByRole('heading', { level: 3, name: 'Clinic news' }) });
		expect(await clinic.locator('.nhsuk-tag').allTextContents()).toContain('Team: Press office');
		// No theme is shown empty, and the themes' sections are the page's level-2 structure.
		const sections = await page.locator('section[aria-labelledby^="theme-"]').count();
		expect(sections).toBeGreaterThanOrEqual(8);
		for (const heading of await page.locator('section[aria-labelledby^="theme-"] h2').allTextContents()) {
			expect(heading).toMatch(/[1-9]\d* tasks?/);
		}
		await expectAccessible(page, 'task library');

		// One theme at a time, from a plain link.
		const themes = page.getByRole('navigation', { name: 'Browse by theme' });
		await themes.getByRole('link', { name: /^Social media \(\d+ tasks?\)$/ }).click();
		await page.waitForURL(/theme=Social(%20|\+)media/);
		const social = page.getByRole('heading', { level: 2, name: /^Social media\b/ });
		await social.waitFor();
		expect(await social.textContent()).toMatch(/^Social media, \d+ tasks?$/);
		expect(await page.locator('section[aria-labelledby^="theme-"]').count()).toBe(1);
		expect(await page.getByRole('region', { name: 'Start here' }).count()).toBe(0);
		expect(await themes.locator('[aria-current="page"]').textContent()).toMatch(/^Social media/);
		await expectAccessible(page, 'one theme');
		expect(problems).toEqual([]);
		await context.close();
	}, 90_000);

	it('finds a task by its starter prompt, says how many match, and explains when nothing does', async () => {
		const { context, page, problems } = await signedIn(memberCookie);
		await open(page, '/assistants');
		// Only Clinic news's starter prompt mentions a phlebotomy hub.
		await page.getByLabel('Search tasks').fill('phlebotomy hub');
		await page.getByRole('search', { name: 'Tasks' }).getByRole('button', { name: 'Search' }).click();
		await page.waitForURL(/search=phlebotomy(\+|%20)hub/);
		const status = page.getByRole('status').filter({ hasText: 'phlebotomy hub' });
		await expect.poll(() => status.textContent()).toBe('1 task matches ‘phlebotomy hub’');
		await page.getByRole('heading', { level: 3, name: 'Clinic news' }).waitFor();
		expect(await page.locator('main .nhsuk-card').count()).toBe(1);
		await expectAccessible(page, 'search results');

		await page.getByLabel('Search tasks').fill('zebra crossing rota');
		await page.getByRole('search', { name: 'Tasks' }).getByRole('button', { name: 'Search' }).click();
		await page.getByRole('heading', { name: 'No tasks match ‘zebra crossing rota’' }).waitFor();
		expect(await page.getByRole('status').filter({ hasText: 'zebra' }).textContent()).toBe(
			'0 tasks match ‘zebra crossing rota’'
		);
		await expectAccessible(page, 'no results');
		await page.getByRole('link', { name: 'Show all tasks' }).click();
		await page.getByRole('region', { name: 'Start here' }).waitFor();
		expect(new URL(page.url()).search).toBe('');
		expect(problems).toEqual([]);
		await context.close();
	}, 90_000);

	it('keeps its structure with more than 60 tasks, also at 320px', async () => {
		const themes = [
			'Campaigns',
			'Web and digital content',
			'Patient and public information',
			'Meeting notes and actions'
		];
		for (let i = 1; i <= 48; i++) await teamAssistant(`Team task ${i}`, themes[i % themes.length]);
		const { context, page, problems } = await signedIn(memberCookie);
		await open(page, '/assistants');
		const cards = await page.locator('section[aria-labelledby^="theme-"] .nhsuk-card').count();
		expect(cards).toBeGreaterThanOrEqual(60);
		const sections = page.locator('section[aria-labelledby^="theme-"]');
		const count = await sections.count();
		expect(await page.getByRole('status').filter({ hasText: 'themes' }).textContent()).toBe(
			`${cards} tasks in ${count} themes`
		);
		// Every section's heading counts its own cards, and no theme holds all of them.
		for (let i = 0; i < count; i++) {
			const section = sections.nth(i);
			const n = await section.locator('.nhsuk-card').count();
			expect(await section.locator('h2').textContent()).toMatch(new RegExp(`, ${n} tasks?$`));
			expect(n).toBeLessThan(cards);
		}
		await expectAccessible(page, 'task library with more than 60 tasks');
		await page.setViewportSize(NARROW);
		expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
		await expectAccessible(page, 'task library at 320px');
		expect(problems).toEqual([]);
		await context.close();
	}, 120_000);

	it('works without JavaScript: theme links and search are plain requests', async () => {
		const themed = visibleText(await (await http.get('/assistants?theme=Media%20and%20press', memberCookie)).text());
		expect(themed).toMatch(/\d+ tasks? in Media and press/);
		expect(themed).toContain('Clinic news');
		expect(themed).not.toContain('Start here');
		const searched = visibleText(await (await http.get('/assistants?search=phlebotomy%20hub', memberCookie)).text());
		expect(searched).toContain('1 task matches ‘phlebotomy hub’');
		const unknown = await http.get('/assistants?theme=Not%20a%20theme', memberCookie);
		expect(unknown.status).toBe(200);
		expect(visibleText(await unknown.text())).toContain('Start here');
	}, 30_000);
});

describe('the organisation prompt library', () => {
	it('ships example prompts with blanks, and an administrator edits one', async () => {
		const { context, page, problems } = await signedIn(adminCookie);
		await open(page, '/prompts');
		const organisation = page.getByRole('region', { name: 'Organisation prompts' });
		await organisation.getByRole('heading', { name: 'Post for X (Twitter)' }).waitFor();
		expect(await organisation.getByRole('heading', { level: 3 }).count()).toBeGreaterThanOrEqual(25);
		for (const title of ['Post for LinkedIn', 'Alt text for an image', 'Rewrite in plain English', 'NHS App message']) {
			await organisation.getByRole('heading', { name: title, exact: true }).waitFor();
		}
		const x = organisation
			.locator('.nhsuk-card')
			.filter({ has: page.getByRole('heading', { name: 'Post for X (Twitter)' }) });
		expect(await x.textContent()).toContain('Asks for: topic, audience, link.');
		await expectAccessible(page, 'prompt library with examples');

		await x.getByRole('link', { name: 'Edit Post for X (Twitter)' }).click();
		await page.getByRole('heading', { level: 1, name: 'Edit ‘Post for X (Twitter)’' }).waitFor();
		await expectAccessible(page, 'editing an example');
		await page.getByLabel('Title').fill('Post for X in our house style');
		await page.getByRole('button', { name: 'Save changes' }).click();
		await page.getByText('“Post for X in our house style” was updated').waitFor();
		await organisation.getByRole('heading', { name: 'Post for X in our house style' }).waitFor();
		expect(await organisation.getByRole('heading', { name: 'Post for X (Twitter)' }).count()).toBe(0);
		expect(problems).toEqual([]);
		await context.close();

		// Everyone sees the edit; a member may use it but not change it.
		const member = visibleText(await (await http.get('/prompts', memberCookie)).text());
		expect(member).toContain('Post for X in our house style');
		expect(member).not.toContain('Edit Post for X in our house style');
	}, 90_000);
});
