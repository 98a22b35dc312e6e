/**
 * "Check my text" in Chromium: findings are marked in the text itself, each with a numbered link to its
 * explanation; "Apply suggestion" changes exactly that span and checks again, and can be undone; the text
 * survives a reload; "Open as draft" posts the text to /api/drafts and opens the canvas, or says clearly
 * that it failed and keeps the text; "Rewrite in plain English" opens a chat with the built-in assistant
 * and the text. Axe passes on every state.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { launchBrowser, newContext, open, type PageProblems } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp } from './support/http';
import { startServer, type TestServer } from './support/server';

const DRAFT =
	"Don't forget: the chemist is open on 06/08/2026.\n\nElderly people and diabetics can get the vaccine at the clinic.";

let server: TestServer;
let browser: Browser;
let member: { context: BrowserContext; problems: PageProblems };

const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

beforeAll(async () => {
	[server, browser] = await Promise.all([startServer(), launchBrowser()]);
	const http = client(server.origin);
	await signUp(http, newAccount('Ada Admin'));
	const cookie = await signUp(http, newAccount('Bob Smith'));
	member = await newContext(browser, server.origin);
	await member.context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: server.origin }]);
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function check(page: Page, text: string) {
	await open(page, '/check');
	await page.getByLabel('Your text').fill(text);
	await page.getByRole('button', { name: 'Check text' }).click();
	await page.getByRole('heading', { name: 'The checked text, with findings marked' }).waitFor();
}

const marked = (page: Page) => page.getByTestId('checked-text');
/** The marked text without its numbered references: the text as it was checked. */
const markedText = (page: Page) =>
	marked(page).evaluate((el) => {
		const copy = el.cloneNode(true) as HTMLElement;
		copy.querySelectorAll('sup').forEach((s) => s.remove());
		return copy.textContent;
	});

describe('Check my text', () => {
	it('marks each finding in the text, with a numbered link to its explanation, rule and guidance', async () => {
		const page = await member.context.newPage();
		await check(page, DRAFT);
		// The text is shown whole, as typed, with the findings marked in place.
		expect(await markedText(page)).toBe(DRAFT);
		const marks = await marked(page).locator('mark').allTextContents();
		for (const word of ["Don't", 'chemist', '06/08/2026', 'Elderly', 'diabetics']) expect(marks).toContain(word);

		const elderlyMark = marked(page).locator('mark', { hasText: /^Elderly$/ });
		const n = Number(await elderlyMark.getAttribute('data-findings'));
		const ref = page.locator(`#checks-ref-${n}`);
		expect(await ref.getAttribute('href')).toBe(`#checks-finding-${n}`);
		expect(squash(await ref.textContent())).toContain(`Finding ${n}, “Elderly”`);

		await ref.click();
		await page.waitForURL(new RegExp(`#checks-finding-${n}$`));
		const item = page.locator(`#checks-finding-${n}`);
		expect(await item.getAttribute('data-rule-id')).toBe('inclusive.elderly');
		expect(squash(await item.textContent())).toContain('Rule: inclusive.elderly');
		expect(await item.getByRole('link', { name: 'Inclusive language for age' }).count()).toBe(1);
		expect(await item.getByRole('link', { name: `Show finding ${n} in the text` }).getAttribute('href')).toBe(
			`#checks-ref-${n}`
		);
		// Advice that is not a replacement ("for example 6 August 2026") offers no button.
		expect(await page.locator('[data-rule-id="numbers.date-numeric"]').getByRole('button').count()).toBe(0);
		expect(await axeViolations(page)).toEqual([]);
		expect(member.problems).toEqual([]);
		await page.close();
	}, 60_000);

	it('applies a suggestion to that span only, checks again, and can undo it', async () => {
		const page = await member.context.newPage();
		await check(page, DRAFT);
		const findingsBefore = await page.locator('.app-draft-checks__item').count();
		await page
			.locator('[data-rule-id="inclusive.elderly"]')
			.getByRole('button', { name: /Apply suggestion/ })
			.click();

		const changed = DRAFT.replace('Elderly', 'Adults aged 65 and over');
		await page.locator('.app-check-change').getByText('Changed “Elderly” to “Adults aged 65 and over”.').waitFor();
		await page.waitForFunction(() => !document.querySelector('[data-rule-id="inclusive.elderly"]'));
		expect(await page.getByLabel('Your text').inputValue()).toBe(changed);
		expect(squash(await marked(page).locator('mark').first().textContent())).toBe("Don't");
		expect(await markedText(page)).toBe(changed);
		// Only that finding went; the others are still there.
		expect(await page.locator('.app-draft-checks__item').count()).toBe(findingsBefore - 1);
		expect(await page.locator('[data-rule-id="inclusive.diabetic"]').count()).toBe(1);
		// Focus stays on something useful: the way back.
		expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Undo last change');
		expect(await axeViolations(page)).toEqual([]);

		// It survives a reload.
		await page.reload();
		await page.waitForLoadState('networkidle');
		expect(await page.getByLabel('Your text').inputValue()).toBe(changed);
		await page.getByText('We kept the text you were checking in this tab.').waitFor();

		await page.getByRole('button', { name: 'Check text' }).click();
		await page.getByRole('heading', { name: 'The checked text, with findings marked' }).waitFor();
		await page.getByRole('button', { name: 'Undo last change' }).click();
		await page.locator('[data-rule-id="inclusive.elderly"]').waitFor();
		expect(await page.getByLabel('Your text').inputValue()).toBe(DRAFT);
		expect(await page.getByRole('button', { name: 'Undo last change' }).count()).toBe(0);
		expect(member.problems).toEqual([]);
		await page.close();
	}, 90_000);

	it('does not apply suggestions to text changed since the check, and keeps what was typed', async () => {
		const page = await member.context.newPage();
		await check(page, DRAFT);
		await page.getByLabel('Your text').fill(`${DRAFT}\n\nA new paragraph.`);
		await page.getByText('You have changed your text since this check.').waitFor();
		expect(await page.getByRole('button', { name: /Apply suggestion/ }).count()).toBe(0);
		await page.reload();
		await page.waitForLoadState('networkidle');
		expect(await page.getByLabel('Your text').inputValue()).toBe(`${DRAFT}\n\nA new paragraph.`);
		await page.close();
	}, 60_000);

	it('opens the text as a draft with POST /api/drafts, and says so clearly when that fails', async () => {
		const { context, problems } = await newContext(browser, server.origin);
		await context.addCookies(await member.context.cookies());
		const page = await context.newPage();
		await open(page, '/check');
		await page.getByLabel('Your text').fill(`# Flu clinics\n\n${DRAFT}`);

		await page.route('**/api/drafts', (route) =>
			route.fulfill({ status: 500, json: { message: 'Something went wrong', errorId: 'err-123' } })
		);
		await page.getByRole('button', { name: 'Open as draft' }).click();
		const alert = page.getByRole('alert');
		await alert.waitFor();
		expect(squash(await alert.textContent())).toContain('Your text could not be opened as a draft');
		expect(squash(await alert.textContent())).toContain('err-123');
		expect(await page.getByLabel('Your text').inputValue()).toBe(`# Flu clinics\n\n${DRAFT}`);
		expect(await axeViolations(page)).toEqual([]);

		await page.unroute('**/api/drafts');
		let sent: unknown = null;
		await page.route('**/api/drafts', (route) => {
			sent = { method: route.request().method(), body: route.request().postDataJSON() };
			return route.fulfill({ status: 201, json: { id: 'd0c5a1e2-0000-4000-8000-000000000001', version: 1 } });
		});
		await page.getByRole('button', { name: 'Open as draft' }).click();
		await page.waitForURL(/\/drafts\/d0c5a1e2-0000-4000-8000-000000000001$/);
		expect(sent).toEqual({ method: 'POST', body: { title: 'Flu clinics', content: `# Flu clinics\n\n${DRAFT}` } });
		expect(problems.filter((p) => !p.includes('/drafts/') && !p.includes('500'))).toEqual([]);
		await context.close();
	}, 60_000);

	it('hands the text to the plain-English assistant in a new chat', async () => {
		const page = await member.context.newPage();
		await open(page, '/check');
		await page.getByLabel('Your text').fill(DRAFT);
		await page.getByRole('button', { name: 'Rewrite in plain English' }).click();
		await page.waitForURL(/\/chats\/[0-9a-f-]{36}$/);
		await page.getByText('Rewrite this text in plain English:').waitFor();
		await page.getByText('Plain English rewrite').first().waitFor();
		expect(await page.getByText('Elderly people and diabetics', { exact: false }).count()).toBeGreaterThan(0);
		await page.close();
	}, 60_000);
});
