/**
 * An edited question the personal-data guard holds back: the edit waits in the message box with the
 * warning, and "Send anyway" (with a reason) completes the edit: the question is replaced as version
 * 2 of 2, not sent as a new message.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { axeViolations } from './support/axe';
import { launchBrowser, newContext, open } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp } from './support/http';
import { startServer, type TestServer } from './support/server';

const cacheDir = process.env.E2E_EMBEDDINGS_CACHE_DIR ?? path.join(tmpdir(), 'nca-wink-cache');

let stub: OpenAIStub;
let server: TestServer;
let browser: Browser;

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
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await stub?.close();
});

describe('an edited question held back by the guard', () => {
	it('is completed as an edit when sent anyway with a reason', async () => {
		const cookie = await signUp(client(server.origin), newAccount('Eddie Editor'));
		const { context, problems } = await newContext(browser, server.origin);
		await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: server.origin }]);
		const page = await context.newPage();
		await open(page, '/');
		const start = page.getByLabel('What do you need to write?');
		stub.next({ kind: 'answer', chunks: ['A first answer.'] });
		await start.fill('Write a reminder about flu jabs');
		await start.press('Enter');
		await page.waitForURL(/\/chats\/[0-9a-f-]{36}$/);
		await page.locator('.app-answer').last().getByText('A first answer.').waitFor();

		// The edit form does not check as you type, so the server holds the edit back (422).
		await page.locator('.app-question').last().getByRole('button', { name: 'Edit message' }).click();
		await page.getByLabel('Edit your message').fill('Write a reminder for Jo, NHS number 943 476 5919, about flu jabs');
		await page.getByRole('button', { name: 'Send edited message' }).click();
		const warning = page.getByTestId('personal-data-warning');
		await warning.waitFor();
		const box = page.getByLabel('Your edited question (sending replaces the question you edited)');
		expect(await box.inputValue()).toContain('943 476 5919');
		expect(await axeViolations(page), 'held-back edit').toEqual([]);

		stub.next({ kind: 'answer', chunks: ['An answer to the edited question.'] });
		await warning.getByRole('button', { name: 'Send anyway' }).click();
		await page.getByLabel('Why do you need to send this personal data?').fill('Jo asked us to include it');
		await page.getByRole('button', { name: 'Send with personal data' }).click();
		await page.locator('.app-answer').last().getByText('An answer to the edited question.').waitFor();
		await page.getByText('Version 2 of 2').waitFor();
		expect(await page.locator('.app-question').count()).toBe(1);
		expect(await page.getByLabel('Your message').inputValue()).toBe('');
		// The held-back edit's 422 is expected (the browser logs it); nothing else may go wrong.
		expect(problems.filter((p) => !p.includes('status of 422'))).toEqual([]);
		await context.close();
	}, 60_000);
});
