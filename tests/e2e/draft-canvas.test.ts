/**
 * The draft canvas in Chromium: a targeted AI edit ("plainer English", from the model stub) shown as a
 * tracked change, accepted as a new version with nothing outside the passage changed; autosave with a
 * visible state; a second tab's save turning the first tab's save into a conflict that is resolved
 * without losing either text; no sideways scrolling at 320 px; axe on the canvas.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { axeViolations } from './support/axe';
import { launchBrowser, newContext, open, NARROW, type PageProblems } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp } from './support/http';
import { startServer, type TestServer } from './support/server';

const CONTENT = [
	'# Flu clinics this winter',
	'Book your flu vaccine at any pharmacy.',
	'The clinic will be commencing operations on Monday at 9am in the main hall.',
	'Bring your NHS card if you have one.'
].join('\n\n');
const SPAN = 'will be commencing operations';

let stub: OpenAIStub;
let server: TestServer;
let browser: Browser;
let member: { context: BrowserContext; problems: PageProblems };
let narrow: { context: BrowserContext; problems: PageProblems };

beforeAll(async () => {
	stub = await startOpenAIStub();
	[server, browser] = await Promise.all([
		startServer({ OPENAI_BASE_URL: stub.baseUrl, OPENAI_API_KEY: 'test', CHAT_MODELS: 'stub-model=Stub model' }),
		launchBrowser()
	]);
	const http = client(server.origin);
	await signUp(http, newAccount('Ada Lovelace'));
	const cookie = await signUp(http, newAccount('Bob Smith'));
	member = await newContext(browser, server.origin, { width: 1366, height: 768 });
	narrow = await newContext(browser, server.origin, NARROW);
	for (const c of [member, narrow]) {
		await c.context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: server.origin }]);
	}
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await stub?.close();
});

async function createDraft(page: Page, content = CONTENT): Promise<string> {
	const res = await page.request.post('/api/drafts', { data: { title: 'Flu clinics', content } });
	expect(res.status()).toBe(201);
	return ((await res.json()) as { id: string }).id;
}

async function serverDraft(page: Page, id: string): Promise<{ content: string; version: number }> {
	return (await (await page.request.get(`/api/drafts/${id}`)).json()) as { content: string; version: number };
}

/** Selects `text` inside the editor the way a mouse drag would (a DOM selection ProseMirror reads). */
async function selectInEditor(page: Page, text: string) {
	const editor = page.getByRole('textbox', { name: 'Draft text' });
	await editor.click();
	await page.evaluate((needle) => {
		const root = document.querySelector('[aria-label="Draft text"]')!;
		const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const at = node.textContent!.indexOf(needle);
			if (at < 0) continue;
			const range = document.createRange();
			range.setStart(node, at);
			range.setEnd(node, at + needle.length);
			const sel = window.getSelection()!;
			sel.removeAllRanges();
			sel.addRange(range);
			return;
		}
		throw new Error(`"${needle}" is not in the editor`);
	}, text);
	await page.waitForFunction(() =>
		document.getElementById('canvas-edit-hint')?.textContent?.includes('A passage is selected')
	);
}

const versionItems = (page: Page) => page.getByTestId('version-list').locator('li');

describe('draft canvas', () => {
	it('changes a selected passage with "plainer English", accepts it as a new version, and leaves the rest alone', async () => {
		const page = await member.context.newPage();
		const id = await createDraft(page);
		await open(page, `/drafts/${id}`);
		await page.getByRole('heading', { level: 1, name: 'Flu clinics', exact: true }).waitFor();
		await expect.poll(() => versionItems(page).count()).toBe(1);
		expect(await axeViolations(page)).toEqual([]);

		stub.next({ kind: 'answer', chunks: ['opens', ' for', ' appointments'] });
		await selectInEditor(page, SPAN);
		await page.getByRole('button', { name: 'Change selected text' }).click();
		const panel = page.getByRole('region', { name: 'Change selected text' });
		await panel.getByRole('button', { name: 'Plainer English' }).click();

		const change = page.getByTestId('tracked-change');
		// The first edit searches the guidance, which loads the local embedder once (slow on a busy machine).
		await change.waitFor({ timeout: 90_000 });
		expect(await change.locator('del').textContent()).toMatch(new RegExp(`^Removed:\\s*${SPAN}$`));
		expect(await change.locator('ins').textContent()).toMatch(/^Added:\s*opens for appointments$/);
		expect(await page.locator('.app-change-removed').textContent()).toBe(SPAN);
		expect(await axeViolations(page)).toEqual([]);

		await page.getByRole('button', { name: 'Accept' }).click();
		await page.getByText(/Change accepted \(plainer English\) and saved as version 2/).waitFor();
		await expect.poll(() => versionItems(page).count()).toBe(2);
		expect(await versionItems(page).first().textContent()).toContain('AI edit: plainer English');

		const after = await serverDraft(page, id);
		expect(after.version).toBe(2);
		expect(after.content).toBe(CONTENT.replace(SPAN, 'opens for appointments'));
		expect(await page.getByRole('textbox', { name: 'Draft text' }).textContent()).toContain(
			'The clinic opens for appointments on Monday at 9am'
		);

		// One undo step puts the previous text back, and autosave keeps it as a new version.
		await page.getByRole('textbox', { name: 'Draft text' }).click();
		await page.keyboard.press('Control+z');
		await page.getByTestId('save-state').filter({ hasText: 'Saved as version 3' }).waitFor();
		expect((await serverDraft(page, id)).content).toBe(CONTENT);
		expect(member.problems).toEqual([]);
		await page.close();
	}, 120_000);

	it('autosaves after typing stops, with the state shown', async () => {
		const page = await member.context.newPage();
		const id = await createDraft(page);
		await open(page, `/drafts/${id}`);
		const editor = page.getByRole('textbox', { name: 'Draft text' });
		await editor.click();
		await page.keyboard.press('Control+End');
		await page.keyboard.type(' Parking is free.');
		await page.getByTestId('save-state').filter({ hasText: 'Saved as version 2' }).waitFor();
		expect((await serverDraft(page, id)).content).toBe(`${CONTENT} Parking is free.`);
		await page.close();
	});

	it('shows a conflict when another tab saved first, and keeps both texts when they are merged', async () => {
		const first = await member.context.newPage();
		const id = await createDraft(first);
		await open(first, `/drafts/${id}`);
		const second = await member.context.newPage();
		await open(second, `/drafts/${id}`);

		await second.getByRole('textbox', { name: 'Draft text' }).click();
		await second.keyboard.press('Control+End');
		await second.keyboard.type(' Second tab words.');
		await second.getByTestId('save-state').filter({ hasText: 'Saved as version 2' }).waitFor();
		await second.close();

		await first.getByRole('textbox', { name: 'Draft text' }).click();
		await first.keyboard.press('Control+End');
		await first.keyboard.type(' First tab words.');
		await first.getByTestId('save-state').filter({ hasText: 'Not saved: conflict' }).waitFor();
		const heading = first.getByRole('heading', { name: 'Not saved: this draft changed elsewhere' });
		await heading.waitFor();
		expect(await first.evaluate(() => document.activeElement?.id)).toBe('conflict-heading');
		expect(await first.getByTestId('conflict-theirs').textContent()).toContain('Second tab words.');
		expect(await first.getByTestId('conflict-mine').textContent()).toContain('First tab words.');
		expect(await axeViolations(first)).toEqual([]);

		await first.getByRole('button', { name: 'Edit a merged text' }).click();
		const merged = first.getByLabel('Merged text (Markdown)');
		expect(await merged.inputValue()).toContain('First tab words.');
		await merged.fill(`${CONTENT} Second tab words. First tab words.`);
		await first.getByRole('button', { name: 'Save merged text' }).click();
		await first.getByTestId('save-state').filter({ hasText: 'Saved as version 3' }).waitFor();
		const saved = await serverDraft(first, id);
		expect(saved.content).toBe(`${CONTENT} Second tab words. First tab words.`);
		await first.close();
	});

	it('fits 320 px without sideways scrolling, with the side sections behind disclosures', async () => {
		const page = await narrow.context.newPage();
		const id = await createDraft(page);
		await open(page, `/drafts/${id}`);
		await page.getByRole('textbox', { name: 'Draft text' }).waitFor();
		await page.getByText('Social media posts').click();
		const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
		expect(widths[0]).toBeLessThanOrEqual(widths[1]);
		expect(await axeViolations(page)).toEqual([]);
		await page.close();
	});
});
