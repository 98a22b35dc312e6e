/**
 * The drafting journey end to end in real Chromium, with real sessions and the model played by the
 * OpenAI stub: an answer in a chat is opened as a draft in the panel beside the chat; the author asks
 * a colleague to review it from that panel; the colleague finds it under "Waiting for your review",
 * approves the version, and the Word export names them and the version they approved. axe passes on
 * each new screen; a third person cannot open the draft.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { axeViolations } from './support/axe';
import { launchBrowser, newContext, open, type PageProblems } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp } from './support/http';
import { startServer, type TestServer } from './support/server';

const cacheDir = process.env.E2E_EMBEDDINGS_CACHE_DIR ?? path.join(tmpdir(), 'nca-wink-cache');
const LAPTOP = { width: 1366, height: 768 };

let stub: OpenAIStub;
let server: TestServer;
let browser: Browser;
const ann = newAccount('Ann Author');
const rita = newAccount('Rita Reviewer');
const otto = newAccount('Otto Other');
const cookies: Record<string, string> = {};
const people: Record<string, { context: BrowserContext; problems: PageProblems }> = {};
let draftId = '';

function api(method: string, url: string, cookie: string): Promise<Response> {
	return fetch(new URL(url, server.origin), {
		method,
		headers: { cookie: `${SESSION_COOKIE}=${cookie}`, accept: 'application/json', origin: server.origin }
	});
}

async function expectAxeClean(page: Page, label: string): Promise<void> {
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
	const http = client(server.origin);
	for (const [key, account] of [
		['ann', ann],
		['rita', rita],
		['otto', otto]
	] as const) {
		cookies[key] = await signUp(http, account);
		people[key] = await newContext(browser, server.origin, LAPTOP);
		await people[key].context.addCookies([{ name: SESSION_COOKIE, value: cookies[key], url: server.origin }]);
	}
}, 200_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await stub?.close();
});

describe('from an answer to a signed-off draft', () => {
	it('opens an answer as a draft in the panel beside the chat', async () => {
		const page = await people.ann.context.newPage();
		await open(page, '/');
		stub.next({
			kind: 'answer',
			chunks: ['Our new staff car park opens on Monday 3 March. ', 'Please park only in the marked bays.']
		});
		const box = page.getByLabel('What do you need to write?');
		await box.fill('Write a short staff briefing about the new car park');
		await box.press('Enter');
		await page.waitForURL(/\/chats\/[0-9a-f-]{36}$/);
		await page.locator('[aria-live="polite"]').filter({ hasText: 'Answer complete' }).waitFor({ state: 'attached' });

		const answer = page.locator('.app-answer').last();
		await answer.getByRole('button', { name: 'Open as draft' }).click();
		await page.waitForURL(/\?draft=[0-9a-f-]{36}$/);
		draftId = new URL(page.url()).searchParams.get('draft') ?? '';
		const panel = page.getByRole('region', { name: 'Draft' });
		const text = panel.getByRole('textbox', { name: 'Draft text' });
		await text.waitFor();
		expect(await text.textContent()).toContain('Our new staff car park opens on Monday 3 March.');
		await expectAxeClean(page, 'chat with the draft panel open');

		// The message box stays in view beside the panel on a laptop screen.
		const composer = await page.getByRole('textbox', { name: 'Your message' }).boundingBox();
		expect(composer).not.toBeNull();
		expect(composer!.y + composer!.height).toBeLessThanOrEqual(LAPTOP.height);
		expect(people.ann.problems).toEqual([]);
		await page.close();
	}, 120_000);

	it('asks a colleague to review it from the panel; someone not asked cannot see it', async () => {
		expect(draftId).not.toBe('');
		const page = await people.ann.context.newPage();
		const chats = (await (await api('GET', `/api/drafts/${draftId}`, cookies.ann)).json()) as { chatId: string };
		await open(page, `/chats/${chats.chatId}?draft=${draftId}`);
		const panel = page.getByRole('region', { name: 'Draft' });
		await panel.getByRole('textbox', { name: 'Draft text' }).waitFor();
		await panel.getByLabel("Reviewer's email address").fill(rita.email);
		await panel.getByRole('button', { name: 'Add reviewer' }).click();
		await panel.getByRole('button', { name: 'Ask for review of version 1' }).click();
		await panel.getByText('Asked your colleague to review version 1').waitFor();
		await expectAxeClean(page, 'review requested');

		expect((await api('GET', `/api/drafts/${draftId}`, cookies.otto)).status).toBe(404);
		const other = await people.otto.context.newPage();
		expect(await open(other, `/drafts/${draftId}`)).toBe(404);
		await other.close();
		expect(people.ann.problems).toEqual([]);
		await page.close();
	}, 60_000);

	it('the reviewer finds it waiting, approves the version, and the export names them', async () => {
		const page = await people.rita.context.newPage();
		await open(page, '/drafts');
		const waiting = page.getByRole('table', { name: 'Drafts waiting for your review' });
		await waiting.getByRole('link').first().click();
		await page.waitForURL(`**/drafts/${draftId}`);
		await page.getByRole('textbox', { name: 'Draft text' }).waitFor();
		await expectAxeClean(page, 'reviewer on the canvas');
		await page.getByLabel('Approve version 1').check();
		await page.getByRole('button', { name: 'Send decision' }).click();
		await page.getByText('You approved version 1').waitFor();
		await expectAxeClean(page, 'approved');
		expect(people.rita.problems).toEqual([]);
		await page.close();

		const view = (await (await api('GET', `/api/drafts/${draftId}`, cookies.ann)).json()) as {
			status: string;
			approvals: { reviewerName: string; decision: string; version: number }[];
		};
		expect(view.status).toBe('approved');
		expect(view.approvals).toMatchObject([{ reviewerName: rita.name, decision: 'approve', version: 1 }]);

		const exported = await api('GET', `/api/drafts/${draftId}/export?format=docx`, cookies.ann);
		expect(exported.status).toBe(200);
		const files = unzipSync(new Uint8Array(await exported.arrayBuffer()));
		const docx = strFromU8(files['word/document.xml'])
			.replace(/<[^>]+>/g, ' ')
			.replace(/\s+/g, ' ');
		expect(docx).toContain('Our new staff car park opens on Monday 3 March.');
		expect(docx).toContain(rita.name);
		expect(docx).toContain(`This is version 1, approved by ${rita.name}.`);
	}, 90_000);
});
