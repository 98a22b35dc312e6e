/**
 * The chat workspace in Chromium against the OpenAI-compatible stub: a grounded answer streams in,
 * its citation opens the passage, a long answer is stopped and kept, answers are regenerated and
 * switched, feedback and export are offered, hostile Markdown never runs, and the pages pass axe at
 * 1280px and 320px. A server with no model configured tells people what an administrator must set.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { axeViolations } from './support/axe';
import { DESKTOP, launchBrowser, NARROW, newContext, open, type PageProblems } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp, type Client } from './support/http';
import { seedGuidance } from './support/guidance';
import { startServer, type TestServer } from './support/server';

const cacheDir = process.env.E2E_EMBEDDINGS_CACHE_DIR ?? path.join(tmpdir(), 'nca-wink-cache');

let stub: OpenAIStub;
let server: TestServer;
let browser: Browser;
let http: Client;
let cookie: string;
let person: { context: BrowserContext; problems: PageProblems };
let chatUrl = '';
const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
	expect(await axeViolations(page), label).toEqual([]);
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
	http = client(server.origin);
	cookie = await signUp(http, newAccount('Chris Writer'));
	person = await newContext(browser, server.origin);
	await person.context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: server.origin }]);
	await seedGuidance(server.origin, cookie, { name: 'Chat guidance', slug: 'chat-guidance' });
}, 200_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await stub?.close();
});

describe('a drafter chatting in the workspace', () => {
	it('asks a question, watches the answer stream and opens the cited passage', async () => {
		const page = await person.context.newPage();
		await open(page, '/');
		await expectNoAxeViolations(page, 'home at 1280px');
		let finish = () => {};
		stub.next({
			kind: 'answer',
			chunks: ['Say **older people** ', 'rather than ', '"the elderly" [1]. ', 'Avoid [7].'],
			firstTokenDelayMs: 300,
			chunkDelayMs: 300,
			// The last words wait until the test has seen the answer half written, however busy the machine.
			beforeLast: new Promise<void>((resolve) => (finish = resolve))
		});
		const box = page.getByLabel('What do you need to write?');
		await box.fill('How should we describe older people in a poster?');
		await box.press('Enter');
		await page.waitForURL(/\/chats\/[0-9a-f-]{36}$/);
		chatUrl = page.url();

		// Streaming: the answer is marked as in progress and grows token by token.
		await page.getByText('Answer in progress').waitFor({ state: 'attached' });
		const growing = page.locator('.app-answer').last();
		await growing.getByText('older people', { exact: false }).waitFor();
		expect(await growing.textContent()).not.toContain('Avoid');
		expect(await page.getByText('Answer in progress').count()).toBe(1);
		finish();
		await page.getByText('Answer in progress').waitFor({ state: 'detached' });
		const status = page.locator('[aria-live="polite"]').filter({ hasText: 'Answer complete' });
		await status.waitFor({ state: 'attached' });
		const answer = page.locator('.app-answer').last();
		expect(squash(await answer.getByTestId('draft-label').textContent())).toBe(
			'AI draft — check for accuracy, tone and empathy before you use it'
		);
		expect(await answer.locator('strong', { hasText: 'older people' }).count()).toBe(1);
		// A marker with no passage never becomes a button.
		expect(await answer.getByRole('button', { name: 'Source [7]' }).count()).toBe(0);
		// Focus stayed in the composer.
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer-message');
		await expectNoAxeViolations(page, 'chat after the answer');

		const cite = answer.getByRole('button', { name: 'Source [1]' });
		await cite.click();
		const dialog = page.getByRole('dialog');
		await dialog.waitFor();
		expect(await dialog.textContent()).toContain('Inclusive language guide');
		await expectNoAxeViolations(page, 'citation open');
		await page.keyboard.press('Escape');
		await dialog.waitFor({ state: 'hidden' });
		expect(await cite.evaluate((el) => el === document.activeElement)).toBe(true);

		// After a reload (no streaming) the passages are still there.
		await open(page, chatUrl);
		await page.locator('.app-answer').getByRole('button', { name: 'Source [1]' }).waitFor();
		expect(person.problems).toEqual([]);
		await page.close();
	}, 60_000);

	it('regenerates the answer and switches between versions', async () => {
		const page = await person.context.newPage();
		await open(page, chatUrl);
		stub.next({ kind: 'answer', chunks: ['A second version of the answer.'] });
		await page.getByRole('button', { name: 'Regenerate' }).click();
		await page.getByText('2 of 2').waitFor();
		expect(await page.locator('.app-answer').last().textContent()).toContain('A second version of the answer.');
		await page.getByRole('button', { name: 'Previous answer' }).click();
		await page.getByText('1 of 2').waitFor();
		expect(await page.locator('.app-answer').last().textContent()).toContain('older people');
		await page.close();
	}, 30_000);

	it('stops a long answer and keeps the partial text after a reload', async () => {
		const page = await person.context.newPage();
		await open(page, chatUrl);
		const words = Array.from({ length: 200 }, (_, i) => `word${i} `);
		stub.next({ kind: 'answer', chunks: words, chunkDelayMs: 100 });
		await page.getByLabel('Your message').fill('Write a very long post');
		await page.getByRole('button', { name: 'Send' }).click();
		await page.locator('.app-answer').last().getByText('word3', { exact: false }).waitFor();
		await page.getByRole('button', { name: 'Stop' }).click();
		await page.getByText('Stopped — partial answer kept').waitFor();
		await expect
			.poll(() =>
				page.evaluate(() => document.activeElement?.getAttribute('data-status') ?? document.activeElement?.id)
			)
			.toMatch(/stopped|composer-message/);
		await open(page, chatUrl);
		const stopped = page.locator('.app-answer[data-status="stopped"]');
		await stopped.getByText('Stopped — partial answer kept').waitFor();
		expect(await stopped.textContent()).toContain('word3');
		expect(await stopped.textContent()).not.toContain('word199');
		await page.close();
	}, 60_000);

	it('gives feedback on an answer and offers the chat as a Word download', async () => {
		const page = await person.context.newPage();
		await open(page, chatUrl);
		const answer = page.locator('.app-answer').first();
		await answer.getByRole('button', { name: 'Bad', exact: true }).click();
		await answer.getByLabel('Too long').check();
		await answer.getByLabel('Comment (optional)').fill('Shorter please');
		await answer.getByRole('button', { name: 'Send feedback' }).click();
		await answer
			.getByRole('status')
			.filter({ hasText: /Thank you|not available yet/ })
			.waitFor();

		// The downloads sit under the chat's options in the compact chat header.
		await page.getByRole('button', { name: 'Chat options' }).click();
		const href = await page.getByRole('link', { name: 'Word (.docx)' }).getAttribute('href');
		const res = await page.request.get(href ?? '');
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toContain('wordprocessingml');
		expect((await res.body()).subarray(0, 2).toString()).toBe('PK');
		await page.close();
	}, 30_000);

	it('never runs script from hostile Markdown in an answer', async () => {
		const page = await person.context.newPage();
		let dialogs = 0;
		page.on('dialog', (d) => {
			dialogs += 1;
			void d.dismiss();
		});
		await open(page, chatUrl);
		stub.next({
			kind: 'answer',
			chunks: [
				'Hostile:\n\n<script>window.__xss = 1; alert(1)</script>\n\n',
				'<img src=x onerror="window.__xss = 2; alert(2)">\n\n',
				'[click me](javascript:window.__xss=3) and [data](data:text/html,<script>alert(4)</script>)\n\n',
				'<svg onload="window.__xss = 5"><script>alert(5)</script></svg>\n\n',
				'<a href="javascript:alert(6)">raw link</a> <iframe src="javascript:alert(7)"></iframe>\n\n',
				'[safe](https://www.nhs.uk/)'
			]
		});
		await page.getByLabel('Your message').fill('Show me the hostile text');
		await page.getByLabel('Your message').press('Enter');
		await page.locator('[aria-live="polite"]').filter({ hasText: 'Answer complete' }).waitFor({ state: 'attached' });
		await open(page, chatUrl);
		const last = page.locator('.app-answer').last();
		await last.getByRole('link', { name: 'safe' }).waitFor();
		await page
			.getByRole('link', { name: 'click me' })
			.waitFor({ state: 'detached' })
			.catch(() => undefined);
		// The answer's own text (the action bar's icons are the product's inline SVG, not the answer's).
		const found = await last.locator('.app-markdown').evaluate((el) => ({
			scripts: el.querySelectorAll('script, img, svg, iframe').length,
			js: [...el.querySelectorAll('a')].filter((a) => /^\s*(javascript|data):/i.test(a.getAttribute('href') ?? ''))
				.length,
			handlers: [...el.querySelectorAll('*')].filter((n) => [...n.attributes].some((a) => a.name.startsWith('on')))
				.length,
			rel: el.querySelector('a[href^="https"]')?.getAttribute('rel')
		}));
		expect(found).toEqual({ scripts: 0, js: 0, handlers: 0, rel: 'noopener noreferrer' });
		expect(await last.textContent()).toContain('<script>');
		await page.waitForTimeout(300);
		expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
		expect(dialogs).toBe(0);
		await page.close();
	}, 30_000);

	it('passes axe at 320px with the chats behind a button over the conversation', async () => {
		const narrow = await newContext(browser, server.origin, NARROW);
		await narrow.context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: server.origin }]);
		const page = await narrow.context.newPage();
		await open(page, chatUrl);
		await expectNoAxeViolations(page, 'chat at 320px');
		await page.getByRole('button', { name: 'Your chats' }).click();
		await page.getByRole('link', { name: 'New chat' }).first().waitFor();
		await expectNoAxeViolations(page, 'chat list open at 320px');
		await page.keyboard.press('Escape');
		await page.getByRole('link', { name: 'New chat' }).first().waitFor({ state: 'hidden' });
		const first = page.locator('.app-answer').first();
		await first.getByRole('button', { name: 'Previous answer' }).click();
		await first.getByRole('button', { name: 'Source [1]' }).click();
		await page.getByRole('dialog').waitFor();
		await expectNoAxeViolations(page, 'citation open at 320px');
		expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
		expect(narrow.problems).toEqual([]);
		await narrow.context.close();
	}, 30_000);

	it('edits a sent message and keeps both versions', async () => {
		const page = await person.context.newPage();
		await open(page, chatUrl);
		const last = page.locator('.app-question').last();
		await last.getByRole('button', { name: 'Edit message' }).click();
		const box = page.getByLabel('Edit your message');
		expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
		await box.fill('Say hello instead');
		stub.next({ kind: 'answer', chunks: ['Hello from the edited question.'] });
		await page.getByRole('button', { name: 'Send edited message' }).click();
		await page.getByText('Version 2 of 2').waitFor();
		await page.locator('.app-answer').last().getByText('Hello from the edited question.').waitFor();
		expect(stub.requests.at(-1)?.messages.at(-1)?.content).toContain('Say hello instead');
		await page.getByRole('button', { name: 'Previous version' }).click();
		await page.getByText('Version 1 of 2').waitFor();
		expect(await page.locator('.app-question').last().textContent()).toContain('Show me the hostile text');
		expect(person.problems).toEqual([]);
		await page.close();
	}, 30_000);

	it('keeps the typed text when sending fails, and retries a failed answer', async () => {
		const page = await person.context.newPage();
		await open(page, chatUrl);
		const box = page.getByLabel('Your message');
		await page.route('**/messages', (route) => route.abort('connectionfailed'), { times: 1 });
		await box.fill('Do not lose this text');
		await box.press('Enter');
		await page.locator('#composer-error').getByText('The connection was lost. Try again.').waitFor();
		expect(await box.inputValue()).toBe('Do not lose this text');

		stub.next({ kind: 'status', status: 500 });
		stub.next({ kind: 'status', status: 500 });
		stub.next({ kind: 'status', status: 500 });
		await box.press('Enter');
		const failed = page.locator('.app-answer[data-status="error"]');
		await failed.waitFor();
		expect(await box.inputValue()).toBe('');
		stub.next({ kind: 'answer', chunks: ['Answered on the second try.'] });
		await failed.getByRole('button', { name: 'Retry' }).click();
		const retried = page.locator('.app-answer').last();
		await retried.getByText('Answered on the second try.').waitFor();
		await retried.getByText('2 of 2', { exact: true }).waitFor();
		expect(person.problems.filter((p) => !p.includes('Failed to load resource'))).toEqual([]);
		await page.close();
	}, 30_000);

	it('renames, searches and deletes a chat without JavaScript', async () => {
		const id = chatUrl.match(/[0-9a-f-]{36}/)?.[0] ?? '';
		const renamed = await http.post(`/chats/${id}?/rename`, { title: 'Poster wording' }, { cookie });
		expect(renamed.status).toBe(200);
		const found = await (await http.get('/?q=poster', cookie)).text();
		expect(found).toContain('Poster wording');
		const confirm = await (await http.get(`/chats/${id}?delete`, cookie)).text();
		expect(confirm).toContain('Yes, delete this chat');
		const other = await signUp(http, newAccount('Other Person'));
		expect((await http.post(`/chats/${id}?/delete`, {}, { cookie: other })).status).toBe(404);
		expect((await http.get(`/chats/${id}`, other)).status).toBe(404);
		const deleted = await http.post(`/chats/${id}?/delete`, {}, { cookie });
		expect(deleted.status).toBe(303);
		expect((await http.get(`/chats/${id}`, cookie)).status).toBe(404);
	}, 30_000);
});

describe('a workspace with no model configured', () => {
	it('tells the administrator exactly what to set, once, and a member to ask an administrator', async () => {
		const bare = await startServer({ EMBEDDINGS_CACHE_DIR: cacheDir });
		try {
			const adminToken = await signUp(client(bare.origin), newAccount('Dana Admin'));
			const memberToken = await signUp(client(bare.origin), newAccount('Mo Member'));
			const ctx = await newContext(browser, bare.origin, DESKTOP);
			await ctx.context.addCookies([{ name: SESSION_COOKIE, value: adminToken, url: bare.origin }]);
			const page = await ctx.context.newPage();
			await open(page, '/');
			const message = page.getByTestId('no-model');
			await message.waitFor();
			const forAdmin = (await message.textContent()) ?? '';
			expect(forAdmin).toContain('as an administrator you can connect one');
			expect(forAdmin).toContain('CHAT_MODELS');
			expect(forAdmin).toContain('OPENAI_BASE_URL=http://localhost:11434/v1');
			// Said once, not twice.
			expect(forAdmin.split('No language model is connected yet').length - 1).toBe(1);
			expect(forAdmin).not.toContain('An administrator must set');
			expect(await page.getByLabel('What do you need to write?').count()).toBe(0);
			await expectNoAxeViolations(page, 'no model');

			await ctx.context.clearCookies();
			await ctx.context.addCookies([{ name: SESSION_COOKIE, value: memberToken, url: bare.origin }]);
			await open(page, '/');
			const forMember = (await page.getByTestId('no-model').textContent()) ?? '';
			expect(forMember).toContain('Ask an administrator in your organisation to connect one');
			expect(forMember).not.toContain('CHAT_MODELS');
			await ctx.context.close();
		} finally {
			await bare.stop();
		}
	}, 90_000);
});
