/**
 * The chat sidebar by keyboard (rename inline, delete with confirmation, focus afterwards, deleting the
 * open chat), the copy buttons (plain text and rich text on the real clipboard) and the composer's
 * character count, in Chromium against the OpenAI-compatible stub, at 1280px and 320px with axe.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { axeViolations } from './support/axe';
import { launchBrowser, NARROW, newContext, open, type PageProblems } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp } from './support/http';
import { focusedElement, tabTo } from './support/keyboard';
import { startServer, type TestServer } from './support/server';

/** MAX_MESSAGE_CHARS in src/lib/schemas/chat.ts (e2e tests run without the $lib alias). */
const MAX_MESSAGE_CHARS = 20_000;
const cacheDir = process.env.E2E_EMBEDDINGS_CACHE_DIR ?? path.join(tmpdir(), 'nca-wink-cache');

let stub: OpenAIStub;
let server: TestServer;
let browser: Browser;
let cookie: string;
let person: { context: BrowserContext; problems: PageProblems };

async function api(method: string, url: string, body?: unknown): Promise<Response> {
	return fetch(new URL(url, server.origin), {
		method,
		headers: {
			cookie: `${SESSION_COOKIE}=${cookie}`,
			origin: server.origin,
			...(body === undefined ? {} : { 'content-type': 'application/json' })
		},
		body: body === undefined ? undefined : JSON.stringify(body)
	});
}

async function newChat(title: string): Promise<string> {
	const res = await api('POST', '/api/chats', { title });
	expect(res.status).toBe(201);
	return ((await res.json()) as { id: string }).id;
}

async function titleOf(id: string): Promise<string | number> {
	const res = await api('GET', `/api/chats/${id}`);
	return res.ok ? ((await res.json()) as { title: string }).title : res.status;
}

function sidebar(page: Page) {
	return page.getByRole('navigation', { name: 'Your chats (sidebar)' });
}

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
	cookie = await signUp(client(server.origin), newAccount('Sam Sidebar'));
	person = await newContext(browser, server.origin);
	await person.context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: server.origin }]);
	await person.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await stub?.close();
});

describe('the chat sidebar', () => {
	it('renames a chat inline by keyboard: Escape cancels, Enter saves, an empty title is refused', async () => {
		const other = await newChat('Flu clinic poster');
		const id = await newChat('Winter letter');
		const page = await person.context.newPage();
		await open(page, `/chats/${id}`);
		const nav = sidebar(page);
		const options = nav.getByRole('button', { name: 'Options for Winter letter' });
		await tabTo(page, options);
		expect(await options.getAttribute('aria-expanded')).toBe('false');
		await page.keyboard.press('Enter');
		expect(await options.getAttribute('aria-expanded')).toBe('true');
		await page.keyboard.press('Tab');
		expect((await focusedElement(page)).text).toBe('Rename Winter letter');
		await page.keyboard.press('Enter');

		const input = nav.getByLabel('New title for Winter letter');
		await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
		expect(await input.inputValue()).toBe('Winter letter');
		await expectNoAxe(page, 'rename open');
		await page.keyboard.type('Discarded');
		await page.keyboard.press('Escape');
		await input.waitFor({ state: 'detached' });
		expect(await options.evaluate((el) => el === document.activeElement)).toBe(true);
		expect(await titleOf(id)).toBe('Winter letter');

		await page.keyboard.press('Enter');
		await page.keyboard.press('Tab');
		await page.keyboard.press('Enter');
		await page.keyboard.press('Control+a');
		await page.keyboard.press('Delete');
		await page.keyboard.press('Enter');
		await nav.getByText('Enter a title').waitFor();
		expect(await input.getAttribute('aria-describedby')).toContain('error');
		await page.keyboard.type('Winter letter to parents');
		await page.keyboard.press('Enter');

		const renamed = nav.getByRole('button', { name: 'Options for Winter letter to parents' });
		await renamed.waitFor();
		await expect.poll(() => renamed.evaluate((el) => el === document.activeElement)).toBe(true);
		expect(await titleOf(id)).toBe('Winter letter to parents');
		// The open chat's heading follows, and the other chat is untouched.
		await page.getByRole('heading', { level: 1, name: 'Winter letter to parents' }).waitFor();
		expect(await titleOf(other)).toBe('Flu clinic poster');
		await page.getByRole('status').filter({ hasText: 'Chat renamed to “Winter letter to parents”.' }).first().waitFor({
			state: 'attached'
		});
		expect(person.problems).toEqual([]);
		await page.close();
	}, 30_000);

	it('deletes another chat after confirmation and moves focus to the next chat', async () => {
		const keep = await newChat('Keep me');
		const gone = await newChat('Delete me');
		const open1 = await newChat('Open chat');
		const page = await person.context.newPage();
		await open(page, `/chats/${open1}`);
		const nav = sidebar(page);
		const options = nav.getByRole('button', { name: 'Options for Delete me' });
		await tabTo(page, options, 60);
		await page.keyboard.press('Enter');
		await nav.getByRole('button', { name: 'Delete Delete me' }).press('Enter');

		// The safe choice has focus; Escape keeps the chat.
		const keepButton = nav.getByRole('button', { name: 'No, keep it' });
		await expect.poll(() => keepButton.evaluate((el) => el === document.activeElement)).toBe(true);
		expect(await nav.getByRole('group', { name: /Delete “Delete me”\?/ }).count()).toBe(1);
		await expectNoAxe(page, 'delete confirmation');
		await page.keyboard.press('Escape');
		await keepButton.waitFor({ state: 'detached' });
		expect(await options.evaluate((el) => el === document.activeElement)).toBe(true);
		expect(await titleOf(gone)).toBe('Delete me');

		await page.keyboard.press('Enter');
		await nav.getByRole('button', { name: 'Delete Delete me' }).press('Enter');
		await page.keyboard.press('Shift+Tab');
		expect((await focusedElement(page)).text).toBe('Yes, delete Delete me');
		await page.keyboard.press('Enter');
		await nav.getByRole('link', { name: 'Delete me' }).waitFor({ state: 'detached' });
		expect(await titleOf(gone)).toBe(404);
		expect(await titleOf(keep)).toBe('Keep me');
		// Focus lands on the chat that took its place, and the open chat stays open.
		expect((await focusedElement(page)).text).toBe('Keep me');
		expect(page.url()).toContain(`/chats/${open1}`);
		await page
			.getByRole('status')
			.filter({ hasText: '“Delete me” was deleted.' })
			.first()
			.waitFor({ state: 'attached' });
		expect(person.problems).toEqual([]);
		await page.close();
	}, 30_000);

	it('deleting the open chat goes to a new chat', async () => {
		const id = await newChat('Open and doomed');
		const page = await person.context.newPage();
		await open(page, `/chats/${id}`);
		const nav = sidebar(page);
		await nav.getByRole('button', { name: 'Options for Open and doomed' }).click();
		await nav.getByRole('button', { name: 'Delete Open and doomed' }).click();
		await nav.getByRole('button', { name: 'Yes, delete Open and doomed' }).click();
		await page.waitForURL((url) => url.pathname === '/');
		await page.getByText('The chat was deleted.').waitFor();
		await page.getByLabel('What do you need to write?').waitFor();
		expect(await titleOf(id)).toBe(404);
		expect(await page.getByRole('link', { name: 'Open and doomed' }).count()).toBe(0);
		await page.close();
	}, 30_000);

	it('fits a 320px screen: the chats open over the conversation and each has its options', async () => {
		await newChat('A chat with a very long title that must wrap within a narrow screen without scrolling sideways');
		const narrow = await newContext(browser, server.origin, NARROW);
		await narrow.context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: server.origin }]);
		const page = await narrow.context.newPage();
		await open(page, '/');
		await page.getByRole('button', { name: 'Your chats' }).click();
		const menu = sidebar(page);
		const options = menu.getByRole('button', { name: /^Options for A chat with a very long title/ });
		await options.click();
		await menu.getByRole('button', { name: /^Rename A chat with/ }).click();
		await menu.getByLabel(/^New title for A chat with/).waitFor();
		await expectNoAxe(page, 'sidebar rename at 320px');
		expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
		const box = await options.boundingBox();
		expect(box!.height).toBeGreaterThanOrEqual(24);
		expect(narrow.problems).toEqual([]);
		await narrow.context.close();
	}, 30_000);
});

describe('copying an answer', () => {
	it('copies the Markdown as plain text, and rich text as HTML with a plain-text fallback', async () => {
		const page = await person.context.newPage();
		await open(page, '/');
		stub.next({ kind: 'answer', chunks: ['Use **plain English** ', 'and short sentences.'] });
		await page.getByLabel('What do you need to write?').fill('Tips for a letter');
		await page.getByLabel('What do you need to write?').press('Enter');
		await page.waitForURL(/\/chats\/[0-9a-f-]{36}$/);
		const answer = page.locator('.app-answer').last();
		await answer.getByRole('button', { name: 'Copy', exact: true }).waitFor();

		await answer.getByRole('button', { name: 'Copy', exact: true }).click();
		await answer.getByRole('button', { name: 'Copy text' }).click();
		await answer.getByRole('status').filter({ hasText: 'Copied as plain text.' }).waitFor();
		expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
			'Use **plain English** and short sentences.'
		);

		await answer.getByRole('button', { name: 'Copy', exact: true }).click();
		await answer.getByRole('button', { name: 'Copy with formatting' }).click();
		await answer.getByRole('status').filter({ hasText: 'Copied with formatting.' }).waitFor();
		const copied = await page.evaluate(async () => {
			const [item] = await navigator.clipboard.read();
			return {
				types: [...item.types].sort(),
				html: await (await item.getType('text/html')).text(),
				text: await (await item.getType('text/plain')).text()
			};
		});
		expect(copied.types).toEqual(['text/html', 'text/plain']);
		expect(copied.html).toContain('<strong>plain English</strong>');
		expect(copied.html).not.toContain('**');
		expect(copied.text).toBe('Use **plain English** and short sentences.');
		expect(person.problems).toEqual([]);
		await page.close();
	}, 30_000);

	it('says so when the clipboard refuses', async () => {
		const page = await person.context.newPage();
		await open(page, '/');
		const link = page.locator('.app-chat-nav__list a').first();
		await open(page, (await link.getAttribute('href')) ?? '/');
		await page.evaluate(() => {
			const refuse = () => Promise.reject(new DOMException('Denied', 'NotAllowedError'));
			Object.defineProperty(navigator, 'clipboard', { value: { write: refuse, writeText: refuse } });
		});
		const answer = page.locator('.app-answer').last();
		await answer.getByRole('button', { name: 'Copy', exact: true }).click();
		await answer.getByRole('button', { name: 'Copy with formatting' }).click();
		await answer.getByRole('status').filter({ hasText: 'Copying did not work' }).waitFor();
		await page.close();
	}, 30_000);
});

describe('the composer', () => {
	it('counts characters near the limit, then says how many are too many and does not send', async () => {
		const page = await person.context.newPage();
		await open(page, '/');
		const box = page.getByLabel('What do you need to write?');
		await box.fill('x'.repeat(Math.floor(MAX_MESSAGE_CHARS * 0.9)));
		expect(await page.locator('#composer-count').count()).toBe(0);
		await box.fill('x'.repeat(MAX_MESSAGE_CHARS - 1_999));
		const count = page.locator('#composer-count');
		expect(await count.textContent()).toContain('You have 1,999 characters remaining');
		expect(await box.getAttribute('aria-describedby')).toContain('composer-count');
		await box.fill('x'.repeat(MAX_MESSAGE_CHARS + 5));
		expect(await count.textContent()).toContain('You have 5 characters too many');
		expect(await count.getAttribute('class')).toContain('nhsuk-error-message');
		const before = stub.requests.length;
		await box.press('Enter');
		await page.waitForTimeout(300);
		expect(page.url()).toBe(new URL('/', server.origin).href);
		expect(stub.requests.length).toBe(before);
		expect(await box.inputValue()).toHaveLength(MAX_MESSAGE_CHARS + 5);
		await expectNoAxe(page, 'composer over the limit');
		await page.close();
	}, 30_000);
});

async function expectNoAxe(page: Page, label: string): Promise<void> {
	expect(await axeViolations(page), label).toEqual([]);
}
