/**
 * The built-in NHS assistants in Chromium on a server with no model: all of them are in the directory
 * on a fresh start; a built-in's questions are asked as a form (they are data), and answering them
 * explains plainly that drafting needs a model. Axe passes at 1280px and 320px.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { launchBrowser, NARROW, newContext, open } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp } from './support/http';
import { startServer, type TestServer } from './support/server';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
	[server, browser] = await Promise.all([startServer(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('built-in assistants without a model', () => {
	it('are listed, ask their questions as a form, and explain that drafting needs a model', async () => {
		const http = client(server.origin);
		await signUp(http, newAccount('Ada Admin'));
		const cookie = await signUp(http, newAccount('Mo Member'));
		const { context, problems } = await newContext(browser, server.origin);
		await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: server.origin }]);
		const page = await context.newPage();

		await open(page, '/assistants');
		for (const name of ['Press release', 'Plain English rewrite', 'Easy Read draft', 'Reactive media statement']) {
			await page.locator('.nhsuk-card').filter({ hasText: name }).first().waitFor();
		}
		expect(await page.getByRole('button', { name: /Start a chat/ }).count()).toBeGreaterThanOrEqual(12);
		expect(await axeViolations(page), 'directory').toEqual([]);

		await page
			.locator('.nhsuk-card')
			.filter({ has: page.getByRole('heading', { name: 'Press release', exact: true }) })
			.getByRole('button', { name: /Start a chat/ })
			.click();
		await page.waitForURL(/\/\?assistant=[0-9a-f-]{36}$/);
		await page.getByText('it cannot write the draft yet').waitFor();
		// A starter fills the message box.
		await page.getByRole('button', { name: /community diagnostic centre/ }).click();
		const box = page.getByRole('textbox', { name: /What do you need the Press release assistant to write/ });
		expect(await box.inputValue()).toContain('community diagnostic centre');
		await box.press('Enter');
		await page.waitForURL(/\/chats\/[0-9a-f-]{36}$/);

		const intake = page.getByRole('region', { name: 'A few questions before drafting' });
		await intake.waitFor();
		expect(await intake.getByRole('group', { name: 'Which media is this for?' }).count()).toBe(1);
		expect(await axeViolations(page), 'questions').toEqual([]);
		// The nine questions come three at a time; each step checks its own questions, each with its own message.
		await intake.getByText('Step 1 of 3').waitFor();
		await intake.getByRole('button', { name: 'Continue' }).click();
		const links = page.locator('.nhsuk-error-summary a');
		await links.first().waitFor();
		expect(await links.evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent?.trim()]))).toEqual([
			['#intake-announcement', 'Describe what you are announcing'],
			['#intake-audience', 'Select at least one type of media'],
			['#intake-key_facts', 'Enter the facts and figures the release must include']
		]);
		await page.setViewportSize(NARROW);
		expect(await axeViolations(page), 'questions with errors at 320px').toEqual([]);

		await intake.getByLabel('What are you announcing?').fill('A new community diagnostic centre opens in Leeds');
		await intake.getByLabel('Local and regional media').check();
		await intake.getByLabel('What facts and figures must it include?').fill('Opens 6 August 2026; 40,000 scans a year');
		await intake.getByRole('button', { name: 'Continue' }).click();
		await intake.getByText('Step 2 of 3').waitFor();
		await intake
			.getByLabel('Who is the spokesperson?')
			.fill('Dr Asha Patel, Medical Director, asha.patel@example.nhs.net');
		await intake.getByLabel('No, for immediate release').check();
		await intake.getByRole('button', { name: 'Continue' }).click();
		await intake.getByText('Step 3 of 3').waitFor();
		await intake.getByRole('button', { name: 'Draft now', exact: true }).click();
		// The personal-data guard checks answers too: the email is highlighted and can be replaced.
		const warning = intake.getByTestId('personal-data-warning');
		await warning.waitFor();
		expect(await warning.locator('mark').textContent()).toContain('asha.patel@example.nhs.net');
		expect(await axeViolations(page), 'personal data in an answer').toEqual([]);
		await warning.getByRole('button', { name: 'Replace with placeholders' }).click();
		await intake.getByRole('button', { name: 'Back' }).click();
		await intake.getByText('Step 2 of 3').waitFor();
		expect(await intake.getByLabel('Who is the spokesperson?').inputValue()).toBe(
			'Dr Asha Patel, Medical Director, [email]'
		);
		await intake.getByRole('button', { name: 'Continue' }).click();
		await intake.getByText('Step 3 of 3').waitFor();
		await intake.getByRole('button', { name: 'Draft now', exact: true }).click();

		await page
			.locator('.app-answer')
			.getByText(/administrator/)
			.first()
			.waitFor();
		const brief = page.getByRole('region', { name: 'Your brief' });
		await brief.waitFor();
		expect(await brief.textContent()).toContain('Dr Asha Patel, Medical Director, [email]');
		expect(await brief.textContent()).not.toContain('asha.patel@');
		expect(await axeViolations(page), 'brief and the no-model answer').toEqual([]);
		expect(problems).toEqual([]);
		await context.close();
	}, 120_000);
});
