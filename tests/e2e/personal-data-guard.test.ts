/**
 * The personal-data guard in Chromium: a drafter pastes text with an NHS number and an email, sees them
 * highlighted, replaces them with placeholders and sends; only the placeholders reach the model. Sending
 * anyway needs a reason; in block mode it is not offered. An admin then sees the warnings counted by
 * kind on the monitoring dashboard, without the personal data itself. Every page passes axe.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { axeViolations } from './support/axe';
import { launchBrowser, newContext, open, type PageProblems } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp, type Client } from './support/http';
import { startServer, type TestServer } from './support/server';

const cacheDir = process.env.E2E_EMBEDDINGS_CACHE_DIR ?? path.join(tmpdir(), 'nca-wink-cache');

const NHS = '943 476 5919';
const EMAIL = 'jo.testpatient@example.com';
const PASTED = `Write a letter to Jo (NHS number ${NHS}, ${EMAIL}) about her rescheduled appointment.`;

let stub: OpenAIStub;
let server: TestServer;
let browser: Browser;
let http: Client;
let cookie: string;
let person: { context: BrowserContext; problems: PageProblems };

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
	// The first account is an administrator, so it can switch the guard to block mode later.
	cookie = await signUp(http, newAccount('Sam Guarded'));
	person = await newContext(browser, server.origin);
	await person.context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: server.origin }]);
}, 200_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await stub?.close();
});

describe('the personal-data guard in the composer', () => {
	it('highlights an NHS number and an email, replaces them with placeholders, and sends only the placeholders', async () => {
		const page = await person.context.newPage();
		await open(page, '/');
		const box = page.getByLabel('What do you need to write?');
		await box.fill(PASTED);

		const warning = page.getByTestId('personal-data-warning');
		await warning.waitFor();
		expect(await warning.getByRole('heading').textContent()).toContain('Your message may contain personal data');
		const marks = warning.locator('mark');
		expect(await marks.count()).toBe(2);
		expect(await marks.nth(0).textContent()).toBe(`[NHS number starts]${NHS}[NHS number ends]`);
		expect(await marks.nth(1).textContent()).toBe(`[Email address starts]${EMAIL}[Email address ends]`);
		expect(await warning.locator('li').allTextContents()).toEqual(['1 NHS number', '1 email address']);
		await expectNoAxeViolations(page, 'composer with a personal-data warning');

		// Pressing Enter does not send: focus moves to the warning instead.
		const before = stub.requests.length;
		await box.press('Enter');
		await expect
			.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid')))
			.toBe('personal-data-warning');
		expect(page.url()).toBe(`${server.origin}/`);

		// Sending anyway needs a reason.
		await warning.getByRole('button', { name: 'Send anyway' }).click();
		await warning.getByRole('button', { name: 'Send with personal data' }).click();
		await warning.getByText('Enter why you need to send this personal data', { exact: false }).first().waitFor();
		await expectNoAxeViolations(page, 'send anyway without a reason');

		// Edit my message puts the cursor on the first finding.
		await warning.getByRole('button', { name: 'Edit my message' }).click();
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer-message');

		await warning.getByRole('button', { name: 'Replace with placeholders' }).click();
		const replaced = 'Write a letter to Jo (NHS number [NHS number], [email]) about her rescheduled appointment.';
		expect(await box.inputValue()).toBe(replaced);
		await warning.waitFor({ state: 'detached' });
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer-message');
		await page
			.locator('[role="status"]')
			.filter({ hasText: 'Replaced 1 NHS number and 1 email address with placeholders.' })
			.waitFor({ state: 'attached' });

		stub.next({ kind: 'answer', chunks: ['Dear Jo, ', 'your appointment has moved.'] });
		await box.press('Enter');
		await page.waitForURL(/\/chats\/[0-9a-f-]{36}$/);
		await page.locator('[aria-live="polite"]').filter({ hasText: 'Answer complete' }).waitFor({ state: 'attached' });
		const sent = stub.requests.slice(before).find((r) => r.stream)!;
		expect(sent.messages.at(-1)).toEqual({ role: 'user', content: replaced });
		expect(JSON.stringify(stub.requests)).not.toContain(NHS.replace(/ /g, ''));
		expect(JSON.stringify(stub.requests)).not.toContain(EMAIL);
		await expectNoAxeViolations(page, 'chat after sending with placeholders');
		expect(person.problems).toEqual([]);
		await page.close();
	});

	it("shows the server's findings and keeps the text when the server holds a message back (422)", async () => {
		const page = await person.context.newPage();
		// This browser has an out-of-date configuration with no hospital-number pattern, so it sees nothing.
		await page.route('**/api/check/personal-data/config', (route) =>
			route.fulfill({ json: { mode: 'warn', hospitalNumberPattern: '' } })
		);
		await open(page, '/');
		const text = 'Draft a reminder for the patient with MRN RXH1234567 about parking';
		const box = page.getByLabel('What do you need to write?');
		await box.fill(text);
		await page.waitForTimeout(500);
		expect(await page.getByTestId('personal-data-warning').count()).toBe(0);
		const before = stub.requests.length;
		await box.press('Enter');
		await page.waitForURL(/\/chats\/[0-9a-f-]{36}$/);

		const warning = page.getByTestId('personal-data-warning');
		await warning.waitFor();
		expect(await warning.textContent()).toContain(
			'Your message looks like it contains personal data (1 hospital number)'
		);
		expect(await warning.locator('mark').textContent()).toBe(
			'[Hospital number starts]RXH1234567[Hospital number ends]'
		);
		expect(await page.getByLabel('Your message').inputValue()).toBe(text);
		expect(stub.requests.length).toBe(before);
		await expectNoAxeViolations(page, 'chat page with a message held back by the server');

		await warning.getByRole('button', { name: 'Replace with placeholders' }).click();
		expect(await page.getByLabel('Your message').inputValue()).toBe(
			'Draft a reminder for the patient with MRN [hospital number] about parking'
		);
		await page.close();
	});

	it('in block mode offers no way to send anyway', async () => {
		const saved = await http.post(
			'/admin/settings?/saveGuard',
			{ guardMode: 'block', hospitalNumberPattern: '\\b[A-Z]{1,3}\\d{6,8}\\b' },
			{ cookie }
		);
		expect(saved.status).toBe(200);
		const page = await person.context.newPage();
		await open(page, '/');
		const box = page.getByLabel('What do you need to write?');
		await box.fill(`Reply to ${EMAIL} about MRN RXH1234567`);
		const warning = page.getByTestId('personal-data-warning');
		await warning.waitFor();
		expect(await warning.locator('mark').count()).toBe(2);
		expect(await warning.getByRole('button', { name: 'Send anyway' }).count()).toBe(0);
		expect(await warning.textContent()).toContain('Your organisation does not allow messages with personal data');
		const before = stub.requests.length;
		await box.press('Enter');
		await page.waitForTimeout(500);
		expect(page.url()).toBe(`${server.origin}/`);
		expect(stub.requests.length).toBe(before);
		await expectNoAxeViolations(page, 'block mode warning');
		await page.close();
	});
});

describe('Admin › Settings › Personal-data guard', () => {
	it('refuses an invalid hospital-number pattern with a clear error, then saves a valid one', async () => {
		const page = await person.context.newPage();
		await open(page, '/admin/settings');
		const section = page.locator('section', { has: page.getByRole('heading', { name: 'Personal-data guard' }) });
		await section.getByLabel('Warn').check();
		await section.getByLabel('Hospital number pattern').fill('([A-Z');
		await section.getByRole('button', { name: 'Save personal-data guard' }).click();
		const summary = page.locator('.nhsuk-error-summary');
		await summary.getByText('The pattern is not a valid regular expression', { exact: false }).waitFor();
		expect(await section.getByLabel('Hospital number pattern').inputValue()).toBe('([A-Z');
		await expectNoAxeViolations(page, 'guard settings with an error');

		// A pattern that backtracks badly would hang every message and keystroke: refused as too slow.
		await section.getByLabel('Hospital number pattern').fill('([A-Z]+\\d?)+X');
		await section.getByRole('button', { name: 'Save personal-data guard' }).click();
		await summary.getByText('The hospital number pattern is too slow', { exact: false }).waitFor();
		await expectNoAxeViolations(page, 'guard settings with a slow pattern');

		await section.getByLabel('Hospital number pattern').fill('H-\\d{5}');
		await section.getByRole('button', { name: 'Save personal-data guard' }).click();
		await section
			.getByText('Saved. People are warned about personal data and can send anyway with a reason.')
			.waitFor();
		const config = await page.evaluate(() => fetch('/api/check/personal-data/config').then((r) => r.json()));
		expect(config).toEqual({ mode: 'warn', hospitalNumberPattern: 'H-\\d{5}' });
		await page.close();
	});
});

describe('the monitoring dashboard after guarded sends', () => {
	it('shows the personal-data warnings by kind, counted once, with what people did, and never the data', async () => {
		// Earlier in this file: the NHS number and email were warned about in the browser then replaced;
		// the hospital number was held back by the server then replaced; in block mode the email and
		// hospital number were blocked.
		const problems = person.problems.length;
		const page = await person.context.newPage();
		expect(await open(page, '/admin/dashboard')).toBe(200);
		await page.getByRole('heading', { level: 1, name: 'Monitoring dashboard' }).waitFor();

		expect(await page.locator('[data-metric="personalDataWarnings"]').textContent()).toBe('3');
		expect(
			(await page.locator('[data-metric="personalDataOutcomes"]').textContent())?.replace(/\s+/g, ' ').trim()
		).toBe('2 replaced with placeholders, 0 sent anyway with a reason, 1 blocked.');

		const section = page.locator('section[aria-labelledby="personal-data-heading"]');
		await section.getByRole('heading', { name: 'Personal-data warnings by kind' }).waitFor();
		// The table is behind its disclosure, under the chart.
		await section.locator('summary').click();
		const table = section.getByRole('table');
		expect(await table.locator('thead th').allTextContents()).toEqual([
			'Kind',
			'Warnings',
			'Items found',
			'Replaced with placeholders',
			'Sent anyway',
			'Blocked'
		]);
		const rows = await table
			.locator('tbody tr')
			.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent?.trim() ?? '')));
		expect(rows).toEqual([
			['Email address', '2', '2', '1', '0', '1'],
			['Hospital number', '2', '2', '1', '0', '1'],
			['NHS number', '1', '1', '1', '0', '0']
		]);

		const text = (await page.locator('body').innerText()) + (await page.content());
		for (const secret of [NHS, NHS.replace(/ /g, ''), EMAIL, 'jo.testpatient', 'RXH1234567']) {
			expect(text).not.toContain(secret);
		}
		await expectNoAxeViolations(page, 'monitoring dashboard with personal-data warnings');
		expect(person.problems.slice(problems)).toEqual([]);
		await page.close();
	});
});
