/**
 * The app shell in Chromium against the OpenAI-compatible stub, at 1366×768, 390×844 and 320×640:
 * the message box is in view without scrolling on the home page and on a chat with two long answers,
 * nothing scrolls sideways, the header collapses behind a Menu button on small screens, the skip link
 * reaches the message box in one Tab, the live region says an answer is complete without reading it
 * aloud, the conversation follows a streaming answer, the chat list collapses (remembered), and axe passes.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { axeViolations } from './support/axe';
import { launchBrowser, newContext, open, type PageProblems, type Viewport } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp } from './support/http';
import { focusedElement } from './support/keyboard';
import { startServer, type TestServer } from './support/server';

const cacheDir = process.env.E2E_EMBEDDINGS_CACHE_DIR ?? path.join(tmpdir(), 'nca-wink-cache');
const SIZES: Viewport[] = [
	{ width: 1366, height: 768 },
	{ width: 390, height: 844 },
	{ width: 320, height: 640 }
];

let stub: OpenAIStub;
let server: TestServer;
let browser: Browser;
let cookie: string;
let person: { context: BrowserContext; problems: PageProblems };
let chatUrl = '';

/** A long answer: many paragraphs, each a few sentences, so two of them fill several screens. */
function longAnswer(topic: string): string[] {
	return Array.from(
		{ length: 14 },
		(_, i) =>
			`Paragraph ${i + 1} about ${topic}: keep sentences short, use plain English, explain any clinical term, ` +
			`and say what the reader should do next. Offer other formats and a contact for questions.\n\n`
	);
}

async function withSize(size: Viewport): Promise<{ context: BrowserContext; problems: PageProblems }> {
	const made = await newContext(browser, server.origin, size);
	await made.context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: server.origin }]);
	return made;
}

/** Where the message box is, relative to the window, and whether the page itself has scrolled. */
async function composerPlacement(page: Page) {
	return page.evaluate(() => {
		const box = document.getElementById('composer-message')!.getBoundingClientRect();
		return {
			top: box.top,
			bottom: box.bottom,
			innerHeight: window.innerHeight,
			scrollY: window.scrollY,
			scrollWidth: document.documentElement.scrollWidth,
			clientWidth: document.documentElement.clientWidth
		};
	});
}

async function expectComposerInView(page: Page, label: string): Promise<void> {
	const at = await composerPlacement(page);
	expect(at.scrollY, `${label}: the page has not scrolled`).toBe(0);
	expect(at.top, `${label}: top of the message box`).toBeGreaterThanOrEqual(0);
	expect(at.bottom, `${label}: bottom of the message box`).toBeLessThanOrEqual(at.innerHeight);
	expect(at.scrollWidth, `${label}: no sideways scrolling`).toBeLessThanOrEqual(at.clientWidth);
}

async function liveText(page: Page): Promise<string> {
	return (await page.getByTestId('chat-announcement').textContent())?.trim() ?? '';
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
	cookie = await signUp(client(server.origin), newAccount('Alex Shell'));
	person = await withSize(SIZES[0]);
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await stub?.close();
});

describe('the chat workspace', () => {
	it('announces a finished answer briefly, and follows a streaming answer to its end', async () => {
		const page = await person.context.newPage();
		await open(page, '/');
		stub.next({ kind: 'answer', chunks: longAnswer('flu clinics') });
		const box = page.getByLabel('What do you need to write?');
		await box.fill('Write a staff briefing about flu clinics');
		await box.press('Enter');
		await page.waitForURL(/\/chats\/[0-9a-f-]{36}$/);
		chatUrl = page.url();
		await page.getByTestId('chat-announcement').filter({ hasText: 'Answer complete' }).waitFor({ state: 'attached' });
		const said = await liveText(page);
		expect(said).toMatch(/^Answer complete/);
		// The answer itself is not read out again: the announcement stays short.
		expect(said).not.toContain('Paragraph');
		expect(said.length).toBeLessThan(80);
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer-message');

		// A second long answer streams slowly: the conversation keeps its newest line and Stop in view.
		stub.next({ kind: 'answer', chunks: longAnswer('winter vaccination'), chunkDelayMs: 150 });
		await page.getByLabel('Your message').fill('Now a version for the public');
		await page.getByLabel('Your message').press('Enter');
		await page.getByText('Paragraph 8 about winter vaccination', { exact: false }).waitFor();
		const following = await page.evaluate(() => {
			const el = document.querySelector('.app-pane__scroll')!;
			return { overflow: el.scrollHeight > el.clientHeight, gap: el.scrollHeight - el.scrollTop - el.clientHeight };
		});
		expect(following.overflow).toBe(true);
		expect(following.gap).toBeLessThan(120);
		const stop = page.getByRole('button', { name: 'Stop' });
		const stopBox = await stop.boundingBox();
		expect(stopBox!.y + stopBox!.height).toBeLessThanOrEqual(768);
		await page.getByRole('button', { name: 'Stop' }).waitFor({ state: 'detached' });
		await page.getByTestId('chat-announcement').filter({ hasText: 'Answer complete' }).waitFor({ state: 'attached' });
		expect(person.problems).toEqual([]);
		await page.close();
	}, 90_000);

	for (const size of SIZES) {
		it(`keeps the message box in view at ${size.width}×${size.height}, with no sideways scrolling`, async () => {
			expect(chatUrl).not.toBe('');
			const { context, problems } = await withSize(size);
			const page = await context.newPage();
			await open(page, '/');
			await expectComposerInView(page, `home at ${size.width}px`);
			expect(await axeViolations(page), `home at ${size.width}px`).toEqual([]);

			await open(page, chatUrl);
			expect(await page.locator('.app-answer').count()).toBeGreaterThanOrEqual(2);
			await expectComposerInView(page, `chat with two long answers at ${size.width}px`);
			expect(await axeViolations(page), `chat at ${size.width}px`).toEqual([]);
			expect(problems).toEqual([]);
			await context.close();
		}, 60_000);
	}

	it('reaches the message box from the skip link in one Tab and Enter', async () => {
		const page = await person.context.newPage();
		await open(page, chatUrl);
		await page.keyboard.press('Tab');
		expect(await focusedElement(page)).toMatchObject({ tag: 'a', text: 'Skip to message box' });
		await page.keyboard.press('Enter');
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer-message');
		await page.close();
	}, 30_000);

	it('offers keyboard shortcuts: Alt+Shift+M to the message box, Alt+Shift+N to a new chat', async () => {
		const page = await person.context.newPage();
		await open(page, chatUrl);
		await page.getByRole('link', { name: 'Skip to main content' }).focus();
		await page.keyboard.press('Alt+Shift+KeyM');
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('composer-message');
		await page.keyboard.press('Alt+Shift+KeyN');
		await page.waitForURL(`${server.origin}/`);
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer-message');
		await page.getByText('Keyboard shortcuts').click();
		await page.getByText('Go to the message box').waitFor();
		await page.keyboard.press('Escape');
		await page.getByText('Go to the message box').waitFor({ state: 'hidden' });
		await page.close();
	}, 30_000);

	it('collapses the chat list and remembers it', async () => {
		const page = await person.context.newPage();
		await open(page, chatUrl);
		const list = page.getByRole('navigation', { name: 'Your chats (sidebar)' });
		await list.waitFor();
		await page.getByRole('button', { name: 'Hide chats' }).click();
		await list.waitFor({ state: 'hidden' });
		expect(await page.getByRole('button', { name: 'Your chats' }).getAttribute('aria-expanded')).toBe('false');
		await open(page, chatUrl);
		await expect.poll(() => list.isVisible()).toBe(false);
		await page.getByRole('button', { name: 'Your chats' }).click();
		await list.waitFor();
		await open(page, '/');
		await list.waitFor();
		await page.close();
	}, 30_000);
});

describe('one way on at a time', () => {
	it('offers no Send under an open intake form, and says why; the message box keeps the text', async () => {
		const headers = {
			cookie: `${SESSION_COOKIE}=${cookie}`,
			origin: server.origin,
			'content-type': 'application/json'
		};
		const created = await fetch(`${server.origin}/api/assistants`, {
			method: 'POST',
			headers,
			body: JSON.stringify({
				name: 'Shell intake',
				description: 'Asks one question before drafting',
				category: 'Media and press',
				instructions: 'Write a short news item in plain English.',
				visibility: 'private',
				intake: {
					mode: 'form',
					questions: [{ id: 'spokesperson', label: 'Who should be quoted?', type: 'short_text', required: true }]
				}
			})
		});
		expect(created.status).toBe(201);
		const { id: assistantId } = (await created.json()) as { id: string };
		const chat = await fetch(`${server.origin}/api/chats`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ assistantId })
		});
		expect(chat.status).toBe(201);
		const { id } = (await chat.json()) as { id: string };

		stub.replyTo = () => '{"answers": {}}';
		const page = await person.context.newPage();
		await open(page, `/chats/${id}`);
		await page.getByRole('button', { name: 'Send' }).waitFor();
		await page.getByLabel('Your message').fill('News: the new clinic opens on 6 May');
		await page.getByLabel('Your message').press('Enter');
		const intake = page.getByRole('region', { name: 'A few questions before drafting' });
		await intake.waitFor();
		// The form's own buttons are the only way on.
		expect(await page.getByRole('button', { name: 'Send' }).count()).toBe(0);
		await page.getByText('Answer the questions above, or skip them, to continue.').waitFor();
		await page.getByLabel('Your message').fill('A follow-up I am still writing');
		await page.getByLabel('Your message').press('Enter');
		expect(await page.getByLabel('Your message').inputValue()).toBe('A follow-up I am still writing');
		expect(await axeViolations(page), 'intake open').toEqual([]);
		stub.replyTo = undefined;
		await page.close();
	}, 45_000);
});

describe('the header on a small screen', () => {
	it('collapses the links behind an accessible Menu button at 320px', async () => {
		const { context, problems } = await withSize({ width: 320, height: 640 });
		const page = await context.newPage();
		await open(page, '/');
		const header = await page.locator('header.nhsuk-header').boundingBox();
		expect(header!.height).toBeLessThanOrEqual(72);
		const menuButton = page.getByRole('button', { name: 'Menu' });
		const links = page.getByRole('navigation', { name: 'Menu' });
		expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
		expect(await menuButton.getAttribute('aria-controls')).toBe('app-header-menu');
		expect(await links.isVisible()).toBe(false);

		await menuButton.click();
		expect(await menuButton.getAttribute('aria-expanded')).toBe('true');
		await links.getByRole('link', { name: 'Assistants' }).waitFor();
		expect(await focusedElement(page)).toMatchObject({ tag: 'a', text: 'Workspace' });
		expect(await axeViolations(page), 'menu open at 320px').toEqual([]);
		expect(
			await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)
		).toBe(true);
		await page.keyboard.press('Escape');
		await links.waitFor({ state: 'hidden' });
		expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
		expect(await focusedElement(page)).toMatchObject({ tag: 'button', text: 'Menu' });

		// The chat list opens over the conversation and Escape closes it, back to its button.
		await page.getByRole('button', { name: 'Your chats' }).click();
		const list = page.getByRole('navigation', { name: 'Your chats (sidebar)' });
		await list.getByRole('link', { name: 'New chat' }).waitFor();
		await page.keyboard.press('Escape');
		await list.waitFor({ state: 'hidden' });
		expect(await focusedElement(page)).toMatchObject({ tag: 'button', id: 'chat-sidebar-toggle' });

		// Other pages keep their normal layout and share the compact header.
		await open(page, '/assistants');
		expect(await page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).toBe('false');
		expect(
			await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)
		).toBe(true);
		expect(problems).toEqual([]);
		await context.close();
	}, 45_000);
});
