/**
 * Issue 14's rough edges, as a newcomer meets them, in real Chromium against the OpenAI stub: the home
 * page's "Start here" row; "Start a chat" on an assistant creates no chat until something is sent; the
 * press-release questions come a few at a time with their own error messages, and typed answers
 * survive a reload; "Use this prompt" opens the prompt's form; a guidance document shows what changed
 * between versions word by word. Every screen passes axe.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { axeViolations } from './support/axe';
import { launchBrowser, NARROW, newContext, open, type PageProblems } from './support/browser';
import { seedGuidance } from './support/guidance';
import { client, newAccount, SESSION_COOKIE, signUp, type Client } from './support/http';
import { startServer, type TestServer } from './support/server';

const cacheDir = process.env.E2E_EMBEDDINGS_CACHE_DIR ?? path.join(tmpdir(), 'nca-wink-cache');

let stub: OpenAIStub;
let server: TestServer;
let browser: Browser;
let http: Client;
let adminCookie: string;

async function api(cookie: string, method: string, url: string, body?: unknown): Promise<Response> {
	return fetch(new URL(url, server.origin), {
		method,
		headers: {
			cookie: `${SESSION_COOKIE}=${cookie}`,
			origin: server.origin,
			accept: 'application/json',
			...(body === undefined ? {} : { 'content-type': 'application/json' })
		},
		body: body === undefined ? undefined : JSON.stringify(body)
	});
}

async function chatCount(cookie: string): Promise<number> {
	return ((await (await api(cookie, 'GET', '/api/chats')).json()) as { chats: unknown[] }).chats.length;
}

async function signedIn(cookie: string): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
	const { context, problems } = await newContext(browser, server.origin);
	await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: server.origin }]);
	return { context, page: await context.newPage(), problems };
}

async function expectAccessible(page: Page, label: string): Promise<void> {
	expect(await axeViolations(page), label).toEqual([]);
}

const summaryLinks = (page: Page) =>
	page
		.locator('.app-intake .nhsuk-error-summary a')
		.evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent?.trim()]));

beforeAll(async () => {
	stub = await startOpenAIStub();
	[server, browser] = await Promise.all([
		startServer({
			OPENAI_BASE_URL: stub.baseUrl,
			OPENAI_API_KEY: 'test',
			CHAT_MODELS: 'stub-model=Stub model',
			EMBEDDINGS_CACHE_DIR: cacheDir
		}),
		launchBrowser()
	]);
	http = client(server.origin);
	adminCookie = await signUp(http, newAccount('Ada Admin'));
}, 200_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await stub?.close();
});

describe('a newcomer on the home page', () => {
	it('sees Start here with featured assistants and example requests that fill the message box', async () => {
		const cookie = await signUp(http, newAccount('Nia Newcomer'));
		const { context, page, problems } = await signedIn(cookie);
		await open(page, '/');
		const start = page.getByRole('region', { name: 'Start here' });
		await start.waitFor();
		const assistants = start.getByRole('list', { name: 'Featured assistants' }).getByRole('link');
		expect(await assistants.count()).toBe(4);
		expect(await assistants.first().textContent()).toContain('Press release');
		const examples = start.getByRole('list', { name: 'Or try an example request' }).getByRole('button');
		expect(await examples.count()).toBeGreaterThanOrEqual(3);
		await expectAccessible(page, 'home with Start here');

		await examples.nth(1).click();
		const box = page.getByRole('textbox', { name: 'What do you need to write?' });
		expect(await box.inputValue()).toContain('flu vaccination');
		await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');

		await page.setViewportSize(NARROW);
		await start.waitFor();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW.width);
		await expectAccessible(page, 'home at 320px');
		expect(problems).toEqual([]);
		await context.close();
	}, 120_000);
});

describe('starting a chat with an assistant', () => {
	it('creates no chat until the first message is sent, then asks its questions in steps', async () => {
		const cookie = await signUp(http, newAccount('Sam Starter'));
		const { context, page, problems } = await signedIn(cookie);
		await open(page, '/assistants');
		await page
			.locator('.nhsuk-card')
			.filter({ has: page.getByRole('heading', { name: 'Press release', exact: true }) })
			.getByRole('button', { name: /Start a chat/ })
			.click();
		await page.waitForURL(/\/\?assistant=[0-9a-f-]{36}$/);
		await page.getByRole('heading', { name: 'Start a chat with Press release' }).waitFor();
		expect(await chatCount(cookie)).toBe(0);
		expect(await page.locator('a[href^="/chats/"]').count()).toBe(0);
		await expectAccessible(page, 'home with an assistant chosen');

		// Leaving without sending leaves nothing behind.
		await open(page, '/');
		expect(await chatCount(cookie)).toBe(0);
		await page.goBack();
		await page.getByRole('heading', { name: 'Start a chat with Press release' }).waitFor();

		// The extraction step finds nothing in the request, so every question is asked.
		stub.replyTo = (r) =>
			r.messages.some((m) => m.content.includes('which questions it already answers')) ? '{"answers": {}}' : 'A title';
		const box = page.getByRole('textbox', { name: /What do you need/ });
		await box.fill('A press release about our new community diagnostic centre');
		await box.press('Enter');
		await page.waitForURL(/\/chats\/[0-9a-f-]{36}$/);
		expect(await chatCount(cookie)).toBe(1);

		const intake = page.getByRole('region', { name: 'A few questions before drafting' });
		await intake.waitFor();
		await intake.getByText('Step 1 of 3').waitFor();
		expect(await intake.getByRole('textbox').count()).toBe(2);
		expect(await intake.getByLabel('Who is the spokesperson?').count()).toBe(0);
		await expectAccessible(page, 'intake step 1');

		// Each question has its own message, and only this step's questions are checked.
		await intake.getByRole('button', { name: 'Continue' }).click();
		await expect
			.poll(() => summaryLinks(page))
			.toEqual([
				['#intake-announcement', 'Describe what you are announcing'],
				['#intake-audience', 'Select at least one type of media'],
				['#intake-key_facts', 'Enter the facts and figures the release must include']
			]);
		await expectAccessible(page, 'intake step 1 with errors');

		// Typed answers survive a reload.
		await intake.getByLabel('What are you announcing?').fill('A new community diagnostic centre opens in Leeds');
		await intake.getByLabel('Local and regional media').check();
		await page.reload();
		await intake.getByText('Step 1 of 3').waitFor();
		expect(await intake.getByLabel('What are you announcing?').inputValue()).toBe(
			'A new community diagnostic centre opens in Leeds'
		);
		expect(await intake.getByLabel('Local and regional media').isChecked()).toBe(true);
		await intake.getByLabel('What facts and figures must it include?').fill('Opens 6 August 2026; 40,000 scans a year');
		await intake.getByRole('button', { name: 'Continue' }).click();

		await intake.getByText('Step 2 of 3').waitFor();
		await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Step 2 of 3');
		await intake.getByRole('button', { name: 'Continue' }).click();
		await expect
			.poll(() => summaryLinks(page))
			.toEqual([
				['#intake-spokesperson', 'Enter the spokesperson’s name and job title'],
				['#intake-embargo', 'Select whether the release is embargoed']
			]);
		await intake
			.getByLabel('Who is the spokesperson?')
			.fill('Dr Asha Patel, Medical Director, asha.patel@example.nhs.net');
		await page.reload();
		await intake.getByText('Step 2 of 3').waitFor();
		expect(await intake.getByLabel('Who is the spokesperson?').inputValue()).toContain('Dr Asha Patel');
		await intake.getByLabel('No, for immediate release').check();
		await intake.getByRole('button', { name: 'Continue' }).click();
		await intake.getByText('Step 3 of 3').waitFor();
		await expectAccessible(page, 'intake step 3');

		// A personal-data warning in the questions is recorded for the dashboard, as in the message box.
		const recorded = page.waitForRequest(
			(r) => r.url().endsWith('/api/check/personal-data/events') && r.method() === 'POST'
		);
		await intake.getByRole('button', { name: 'Draft now', exact: true }).click();
		const event = JSON.parse((await recorded).postData() ?? '{}') as { action: string; counts: Record<string, number> };
		expect(event.action).toBe('warned');
		expect(Object.values(event.counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
		expect(JSON.stringify(event)).not.toContain('asha.patel');
		const warning = intake.getByTestId('personal-data-warning');
		await warning.waitFor();
		await warning.getByRole('button', { name: 'Replace with placeholders' }).click();

		stub.next({ kind: 'answer', chunks: ['Leeds gets a new community diagnostic centre.'] });
		await intake.getByRole('button', { name: 'Draft now', exact: true }).click();
		await page.locator('.app-answer').getByText('Leeds gets a new community diagnostic centre').waitFor();
		const brief = page.getByRole('region', { name: 'Your brief' });
		expect(await brief.textContent()).toContain('Dr Asha Patel, Medical Director, [email]');
		expect(await chatCount(cookie)).toBe(1);
		expect(problems).toEqual([]);
		await context.close();
		stub.replyTo = undefined;
	}, 180_000);
});

describe('the prompt library', () => {
	it('"Use this prompt" opens a chat with the prompt\'s form', async () => {
		const cookie = await signUp(http, newAccount('Pia Prompter'));
		const created = await api(cookie, 'POST', '/api/prompts', {
			title: 'Clinic poster',
			body: 'Write a poster about {{topic}} for the {{place}} waiting room',
			visibility: 'private'
		});
		expect(created.status).toBe(201);
		const { context, page, problems } = await signedIn(cookie);
		await open(page, '/prompts');
		await expectAccessible(page, 'prompt library');
		// The organisation's example prompts are listed too: this is the one in "Your prompts".
		const use = page.getByRole('region', { name: 'Your prompts' }).getByRole('link', { name: /^Use this prompt/ });
		expect(await use.count()).toBe(1);
		expect(await use.getAttribute('href')).toMatch(/^\/\?usePrompt=[0-9a-f-]{36}$/);
		await use.click();
		await page.waitForURL(/\/\?usePrompt=[0-9a-f-]{36}$/);
		const form = page.getByRole('region', { name: 'Fill in ‘Clinic poster’' });
		await form.waitFor();
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toMatch(/variable-0$/);
		await form.getByLabel('topic').fill('flu vaccination');
		await form.getByLabel('place').fill('outpatients');
		await expectAccessible(page, 'prompt form from the library');
		await form.getByRole('button', { name: 'Insert prompt' }).click();
		expect(await page.getByRole('textbox', { name: 'What do you need to write?' }).inputValue()).toBe(
			'Write a poster about flu vaccination for the outpatients waiting room'
		);
		expect(await chatCount(cookie)).toBe(0);
		expect(problems).toEqual([]);
		await context.close();
	}, 120_000);
});

describe('guidance document versions', () => {
	it('shows the words added and removed since the previous version', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'nca-newcomer-'));
		const first = path.join(dir, 'visiting-hours.md');
		writeFileSync(
			first,
			'# Visiting hours\n\nVisitors are welcome between 2pm and 8pm every day on all adult wards.\n'
		);
		await seedGuidance(server.origin, adminCookie, { name: 'Ward guidance', slug: 'ward-guidance' }, first);
		const { context, page, problems } = await signedIn(adminCookie);
		await open(page, '/admin/corpus');
		await page
			.getByRole('link', { name: /visiting-hours|Visiting hours/ })
			.first()
			.click();
		await page.waitForURL(/\/admin\/corpus\/documents\/[0-9a-f-]{36}/);
		expect(await page.getByRole('link', { name: /Compare with previous version/ }).count()).toBe(0);

		const second = path.join(dir, 'visiting-hours-v2.md');
		writeFileSync(second, '# Visiting hours\n\nVisitors are welcome between 11am and 8pm every day on all wards.\n');
		await page.getByLabel('New file').setInputFiles(second);
		await page.getByRole('button', { name: 'Replace file' }).click();
		await page.getByRole('link', { name: /Compare with previous version/ }).click();
		const diff = page.getByRole('region', { name: 'Changes from version 1 to version 2' });
		await diff.waitFor();
		const words = async (tag: string) => (await diff.locator(tag).allTextContents()).map((t) => t.replace(/\s+/g, ' '));
		expect(await words('ins')).toEqual(['[added: 11am]']);
		expect(await words('del')).toEqual(['[removed: 2pm]', '[removed: adult]']);
		expect(await page.getByText('1 word added and 2 words removed').count()).toBe(1);
		await expectAccessible(page, 'version comparison');
		expect(problems).toEqual([]);
		await context.close();
	}, 200_000);
});
