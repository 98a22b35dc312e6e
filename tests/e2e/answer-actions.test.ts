/**
 * The actions under an answer in Chromium against the OpenAI-compatible stub: one compact bar of named icon
 * buttons, a rating that shows at once and keeps focus, menus that Escape closes, "Open as draft" (its
 * server contract mocked here: the drafts API belongs to another part of the work), a failed answer that
 * offers only Retry, and a Sources list that names the collection and opens the passage as safe Markdown.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { axeViolations } from './support/axe';
import { launchBrowser, NARROW, newContext, open, type PageProblems } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp } from './support/http';
import { seedGuidance } from './support/guidance';
import { startServer, type TestServer } from './support/server';

const cacheDir = process.env.E2E_EMBEDDINGS_CACHE_DIR ?? path.join(tmpdir(), 'nca-wink-cache');
const GUIDE = path.resolve(import.meta.dirname, '../fixtures/ingestion/vaccination-campaigns.md');
const COLLECTION = { name: 'Vaccination campaign guidance', slug: 'vaccination-campaigns' };
const ACTIONS = ['Copy', 'Open as draft', 'Check', 'Regenerate', 'Good', 'Bad'];

let stub: OpenAIStub;
let server: TestServer;
let browser: Browser;
let person: { context: BrowserContext; problems: PageProblems };
let chatUrl = '';

const button = (scope: Locator | Page, name: string) => scope.getByRole('button', { name, exact: true });
const focusIsOn = (page: Page, target: Locator) => target.evaluate((el) => el === document.activeElement);
const activeTag = (page: Page) => page.evaluate(() => document.activeElement?.tagName ?? 'none');

async function answered(page: Page): Promise<void> {
	await page.locator('[aria-live="polite"]').filter({ hasText: 'Answer complete' }).waitFor({ state: 'attached' });
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
	const cookie = await signUp(client(server.origin), newAccount('Alex Answers'));
	person = await newContext(browser, server.origin);
	await person.context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: server.origin }]);
	await seedGuidance(server.origin, cookie, COLLECTION, GUIDE);
}, 200_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await stub?.close();
});

describe('the action bar under an answer', () => {
	it('has one row of named icon buttons whose names show on hover and focus', async () => {
		const page = await person.context.newPage();
		await open(page, '/');
		stub.titleReply = 'Flu clinic times [1].';
		stub.next({ kind: 'answer', chunks: ['Give the **date and opening times** [1].'] });
		const box = page.getByLabel('What do you need to write?');
		await box.fill('When and where does the flu clinic run?');
		await box.press('Enter');
		await page.waitForURL(/\/chats\/[0-9a-f-]{36}$/);
		chatUrl = page.url();
		await answered(page);

		const answer = page.locator('.app-answer').last();
		const bar = answer.getByRole('group', { name: 'Answer actions' });
		await button(bar, 'Copy').waitFor();
		const tops = new Set<number>();
		for (const name of ACTIONS) {
			expect(await button(bar, name).count(), name).toBe(1);
			tops.add(Math.round((await button(bar, name).boundingBox())!.y));
		}
		expect([...tops], 'all six actions sit in one row').toHaveLength(1);
		// The old stacked controls are gone.
		expect(await answer.getByRole('button', { name: 'Copy text' }).isVisible()).toBe(false);
		expect(await answer.getByRole('button', { name: 'Check this draft' }).count()).toBe(0);

		// The name is hidden until hover, then shown as a label.
		const label = button(bar, 'Open as draft').locator('.app-icon-button__label');
		expect((await label.boundingBox())!.width).toBeLessThanOrEqual(1);
		await button(bar, 'Open as draft').hover();
		expect((await label.boundingBox())!.width).toBeGreaterThan(40);
		await page.mouse.move(0, 0);
		// … and on keyboard focus.
		await button(bar, 'Copy').focus();
		await page.keyboard.press('Tab');
		expect(await focusIsOn(page, button(bar, 'Open as draft'))).toBe(true);
		expect((await label.boundingBox())!.width).toBeGreaterThan(40);

		// The chat title has no citation marker.
		await expect.poll(() => page.title()).toContain('Flu clinic times');
		expect(await page.title()).not.toContain('[1]');

		expect(await axeViolations(page)).toEqual([]);
		expect(person.problems).toEqual([]);
		await page.close();
	}, 90_000);

	it('shows the rating at once, keeps focus on it, and remembers it after a reload', async () => {
		const page = await person.context.newPage();
		await open(page, chatUrl);
		const bar = page.locator('.app-answer').last().getByRole('group', { name: 'Answer actions' });
		const good = button(bar, 'Good');
		const bad = button(bar, 'Bad');
		expect(await good.getAttribute('aria-pressed')).toBe('false');

		// Hold the request: the pressed state must not wait for the server.
		let release: () => void = () => {};
		const held = new Promise<void>((resolve) => (release = resolve));
		await page.route('**/feedback', async (route) => {
			await held;
			await route.continue();
		});
		await good.click();
		expect(await good.getAttribute('aria-pressed')).toBe('true');
		expect(await activeTag(page)).not.toBe('BODY');
		expect(await focusIsOn(page, good)).toBe(true);
		release();
		await bar.getByRole('status').filter({ hasText: 'You rated this answer as good' }).waitFor();
		expect(await focusIsOn(page, good)).toBe(true);
		await page.unroute('**/feedback');

		// Bad: pressed at once, Good released, and the optional "what was wrong" form opens.
		await bad.click();
		expect(await bad.getAttribute('aria-pressed')).toBe('true');
		expect(await good.getAttribute('aria-pressed')).toBe('false');
		expect(await bad.getAttribute('aria-expanded')).toBe('true');
		const reasons = bar.getByRole('group', { name: /What was wrong/ });
		await reasons.waitFor();
		await bar.getByLabel('Wrong tone').check();
		await page.keyboard.press('Escape');
		await reasons.waitFor({ state: 'hidden' });
		expect(await focusIsOn(page, bad)).toBe(true);
		await bad.click();
		await bar.getByLabel('Wrong tone').check();
		await button(bar, 'Send feedback').click();
		await bar.getByRole('status').filter({ hasText: 'Thank you for your feedback.' }).waitFor();
		expect(await focusIsOn(page, bad)).toBe(true);

		await open(page, chatUrl);
		const again = page.locator('.app-answer').last().getByRole('group', { name: 'Answer actions' });
		expect(await button(again, 'Bad').getAttribute('aria-pressed')).toBe('true');
		expect(await button(again, 'Good').getAttribute('aria-pressed')).toBe('false');
		expect(person.problems).toEqual([]);
		await page.close();
	}, 60_000);

	it('opens the copy options as a menu that Escape closes', async () => {
		const page = await person.context.newPage();
		await open(page, chatUrl);
		const bar = page.locator('.app-answer').last().getByRole('group', { name: 'Answer actions' });
		const copy = button(bar, 'Copy');
		await copy.click();
		expect(await copy.getAttribute('aria-expanded')).toBe('true');
		await button(bar, 'Copy text').waitFor();
		await page.keyboard.press('Escape');
		await button(bar, 'Copy text').waitFor({ state: 'hidden' });
		expect(await copy.getAttribute('aria-expanded')).toBe('false');
		expect(await focusIsOn(page, copy)).toBe(true);

		await button(bar, 'Check').click();
		await bar.getByRole('heading', { name: 'Check results' }).waitFor();
		await page.keyboard.press('Escape');
		await bar.getByRole('heading', { name: 'Check results' }).waitFor({ state: 'hidden' });
		expect(await focusIsOn(page, button(bar, 'Check'))).toBe(true);
		await page.close();
	}, 30_000);

	it('opens an answer as a draft beside the chat, and says so clearly when it cannot', async () => {
		const page = await person.context.newPage();
		await open(page, chatUrl);
		const bar = page.locator('.app-answer').last().getByRole('group', { name: 'Answer actions' });
		const messageId = (await page.locator('.app-answer').last().getAttribute('id'))!.replace('message-', '');

		await page.route('**/api/drafts', (route) =>
			route.fulfill({ status: 404, contentType: 'application/json', body: '{"message":"Not Found"}' })
		);
		await button(bar, 'Open as draft').click();
		await bar.getByRole('status').filter({ hasText: 'could not be opened as a draft' }).waitFor();
		expect(page.url()).toBe(chatUrl);
		expect(await focusIsOn(page, button(bar, 'Open as draft'))).toBe(true);
		await page.unroute('**/api/drafts');

		let sent: unknown = null;
		await page.route('**/api/drafts', async (route) => {
			sent = route.request().postDataJSON();
			await route.fulfill({ status: 201, contentType: 'application/json', body: '{"id":"draft-123","version":1}' });
		});
		await button(bar, 'Open as draft').click();
		await page.waitForURL((url) => url.searchParams.get('draft') === 'draft-123');
		expect(sent).toEqual({ fromMessageId: messageId });
		expect(new URL(page.url()).pathname).toBe(new URL(chatUrl).pathname);
		expect(person.problems.filter((p) => !p.includes('404'))).toEqual([]);
		person.problems.length = 0;
		await page.close();
	}, 30_000);
});

describe('the action bar on a small screen', () => {
	it('fits at 320px without sideways scrolling and passes axe', async () => {
		const narrow = await newContext(browser, server.origin, NARROW);
		await narrow.context.addCookies(await person.context.cookies());
		const page = await narrow.context.newPage();
		await open(page, chatUrl);
		const bar = page.locator('.app-answer').first().getByRole('group', { name: 'Answer actions' });
		for (const name of ['Copy', 'Open as draft', 'Check', 'Good', 'Bad']) {
			const box = (await button(bar, name).boundingBox())!;
			expect(box.x + box.width, name).toBeLessThanOrEqual(NARROW.width);
			expect(box.height, name).toBeGreaterThanOrEqual(24);
		}
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW.width);
		expect(await axeViolations(page)).toEqual([]);
		expect(narrow.problems).toEqual([]);
		await narrow.context.close();
	}, 30_000);
});

describe('sources under an answer', () => {
	it('lists the cited guidance by collection name and opens the passage as safe Markdown', async () => {
		const page = await person.context.newPage();
		await open(page, chatUrl);
		const answer = page.locator('.app-answer').last();
		const sources = answer.getByTestId('answer-sources');
		await sources.getByRole('heading', { name: 'Sources' }).waitFor();
		const items = sources.getByRole('listitem');
		expect(await items.count()).toBe(1);
		const text = (await items.first().textContent()) ?? '';
		expect(text).toContain('Vaccination campaign guide');
		expect(text).toContain(COLLECTION.name);
		expect(text).not.toContain(COLLECTION.slug);

		const item = items.first().getByRole('button');
		await item.click();
		const dialog = page.getByRole('dialog');
		await dialog.waitFor();
		expect(await dialog.getByTestId('source-collection').textContent()).toBe(COLLECTION.name);
		const passage = dialog.getByTestId('source-passage');
		// The passage's Markdown list is a list, not lines starting with "- ".
		expect(await passage.getByRole('listitem').count()).toBe(2);
		expect(await passage.textContent()).not.toContain('- Give');
		expect(await passage.locator('img, script').count()).toBe(0);
		expect(await page.title()).not.toBe('pwned');
		expect(await axeViolations(page)).toEqual([]);
		await page.keyboard.press('Escape');
		await dialog.waitFor({ state: 'hidden' });
		expect(await focusIsOn(page, item)).toBe(true);
		expect(person.problems).toEqual([]);
		await page.close();
	}, 30_000);
});

describe('a failed answer', () => {
	it('offers Retry and nothing to copy or rate; Retry answers again', async () => {
		const page = await person.context.newPage();
		await open(page, chatUrl);
		stub.next({ kind: 'status', status: 500 });
		stub.next({ kind: 'status', status: 500 });
		stub.next({ kind: 'status', status: 500 });
		const box = page.getByLabel('Your message');
		await box.fill('And the booking number?');
		await box.press('Enter');
		const failed = page.locator('.app-answer[data-status="error"]');
		await failed.waitFor();
		await button(failed, 'Retry').waitFor();
		for (const name of ['Copy', 'Good', 'Bad', 'Open as draft', 'Check', 'Regenerate']) {
			expect(await button(failed, name).count(), name).toBe(0);
		}
		expect(await failed.getByRole('group', { name: 'Answer actions' }).count()).toBe(0);
		expect(await axeViolations(page)).toEqual([]);

		// The earlier answer lost Regenerate (only the last answer has it), and its bar closes up.
		const first = page.locator('.app-answer').first().getByRole('group', { name: 'Answer actions' });
		expect(await button(first, 'Regenerate').count()).toBe(0);
		const right = async (name: string) => {
			const b = (await button(first, name).boundingBox())!;
			return b.x + b.width;
		};
		const left = async (name: string) => (await button(first, name).boundingBox())!.x;
		const usualGap = (await left('Open as draft')) - (await right('Copy'));
		expect((await left('Good')) - (await right('Check'))).toBe(usualGap);

		stub.next({ kind: 'answer', chunks: ['Call 0300 123 4567 to book.'] });
		await button(failed, 'Retry').click();
		const retried = page.locator('.app-answer').last();
		await retried.getByText('Call 0300 123 4567 to book.').waitFor();
		await button(retried.getByRole('group', { name: 'Answer actions' }), 'Good').waitFor();
		expect(person.problems.filter((p) => !p.includes('Failed to load resource'))).toEqual([]);
		await page.close();
	}, 60_000);
});
