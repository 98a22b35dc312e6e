/**
 * The prompt library in Chromium: a drafter saves a prompt with two {{variables}} on /prompts (a
 * mistake is explained in an error summary), inserts it from the message box by filling in a small
 * form (empty answers are explained too), finding it above the organisation's examples grouped under
 * their themes, and every step passes axe.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { axeViolations } from './support/axe';
import { launchBrowser, newContext, open, type PageProblems } from './support/browser';
import { client, errorSummary, newAccount, SESSION_COOKIE, signUp, type Client } from './support/http';
import { startServer, type TestServer } from './support/server';

let stub: OpenAIStub;
let server: TestServer;
let browser: Browser;
let person: { context: BrowserContext; problems: PageProblems };
let http: Client;
let cookie: string;

async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
	expect(await axeViolations(page), label).toEqual([]);
}

beforeAll(async () => {
	stub = await startOpenAIStub();
	[server, browser] = await Promise.all([
		startServer({ OPENAI_BASE_URL: stub.baseUrl, OPENAI_API_KEY: 'test', CHAT_MODELS: 'stub-model=Stub model' }),
		launchBrowser()
	]);
	http = client(server.origin);
	cookie = await signUp(http, newAccount('Priya Prompter'));
	person = await newContext(browser, server.origin);
	await person.context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: server.origin }]);
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await stub?.close();
});

describe('the prompt library', () => {
	it('saves a prompt with two variables', async () => {
		const page = await person.context.newPage();
		await open(page, '/prompts');
		await page.getByRole('heading', { level: 1, name: 'Prompt library' }).waitFor();
		await expectNoAxeViolations(page, 'prompt library with the shipped examples');

		// A prompt with no title is explained, and what was typed is kept.
		await page.getByLabel('Prompt', { exact: true }).fill('Write a {{channel}} post about {{topic}} for local people');
		await page.getByRole('button', { name: 'Save prompt' }).click();
		const summary = page.locator('.nhsuk-error-summary');
		await summary.getByRole('link', { name: 'Enter a title' }).waitFor();
		expect(await page.getByLabel('Prompt', { exact: true }).inputValue()).toContain('{{channel}}');
		await expectNoAxeViolations(page, 'prompt form with an error');

		await page.getByLabel('Title').fill('Service news post');
		await page.getByLabel('Only me').check();
		await page.getByRole('button', { name: 'Save prompt' }).click();
		await page.getByText('“Service news post” was saved').waitFor();
		const mine = page.getByRole('region', { name: 'Your prompts' });
		await mine.getByRole('heading', { name: 'Service news post' }).waitFor();
		expect(await mine.textContent()).toContain('Asks for: channel, topic.');
		// The form is empty again, ready for the next prompt.
		expect(await page.getByLabel('Title').inputValue()).toBe('');
		await expectNoAxeViolations(page, 'prompt library with a prompt');
		expect(person.problems).toEqual([]);
		await page.close();
	}, 60_000);

	it('inserts the prompt from the message box after filling in its variables', async () => {
		const page = await person.context.newPage();
		await open(page, '/');
		const box = page.getByLabel('What do you need to write?');
		await box.fill('Keep this line.');

		const toggle = page.getByRole('button', { name: 'Insert a saved prompt' });
		await toggle.click();
		expect(await toggle.getAttribute('aria-expanded')).toBe('true');
		// Own prompts first, then the organisation's 29 examples under their themes, in alphabetical order.
		const picker = page.locator('.app-prompt-picker__panel');
		await picker.getByRole('heading', { level: 3, name: 'Your own prompts' }).waitFor();
		expect(await picker.getByRole('heading', { level: 3 }).allTextContents()).toEqual([
			'Your own prompts',
			'Media',
			'Messages to patients and the public',
			'Plain English and editing',
			'Service changes and engagement',
			'Social media',
			'Staff communications',
			'Web pages and accessibility'
		]);
		const social = picker.getByRole('list', { name: 'Social media' });
		expect(await social.getByRole('listitem').count()).toBe(7);
		expect(await social.getByRole('button', { name: /Post for X \(Twitter\)/ }).count()).toBe(1);
		let examples = 0;
		for (const list of await picker.getByRole('list').all()) examples += await list.getByRole('listitem').count();
		expect(examples).toBe(29 + 1);
		await expectNoAxeViolations(page, 'prompt picker grouped by theme');
		// The keyboard still reaches each prompt: Tab from the panel lands on the first, Enter chooses it.
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toMatch(/-panel$/);
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Service news post');
		await page.keyboard.press('Enter');
		await page.getByRole('heading', { name: 'Fill in ‘Service news post’' }).waitFor();
		// The first blank has focus.
		await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('id'))).toMatch(/variable-0$/);

		// Both blanks empty: an error summary links to each one.
		await page.getByRole('button', { name: 'Insert prompt' }).click();
		const summary = page.locator('.app-prompt-picker .nhsuk-error-summary');
		await summary.getByRole('link', { name: 'Enter channel' }).waitFor();
		expect(await summary.getByRole('link').allTextContents()).toEqual(['Enter channel', 'Enter topic']);
		await expect
			.poll(() => page.evaluate(() => document.activeElement?.classList.contains('nhsuk-error-summary')))
			.toBe(true);
		await expectNoAxeViolations(page, 'prompt picker with errors');

		await page.getByLabel('channel').fill('Facebook');
		await page.getByLabel('topic').fill('the new walk-in centre');
		await page.getByRole('button', { name: 'Insert prompt' }).click();
		await expect
			.poll(() => box.inputValue())
			.toBe('Keep this line.\n\nWrite a Facebook post about the new walk-in centre for local people');
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer-message');
		expect(await toggle.getAttribute('aria-expanded')).toBe('false');
		await expectNoAxeViolations(page, 'workspace after inserting a prompt');
		expect(person.problems).toEqual([]);
		await page.close();
	}, 60_000);

	it('works without JavaScript: save, edit and delete with confirmation; others cannot open it', async () => {
		const refused = await http.post(
			'/prompts?/create',
			{ title: '', body: 'Hi {{who}}', visibility: 'private' },
			{ cookie }
		);
		expect(refused.status).toBe(400);
		expect(errorSummary(await refused.text())).toEqual(['Enter a title']);

		const saved = await http.post(
			'/prompts?/create',
			{ title: 'Plain form prompt', body: 'Hi {{who}}', visibility: 'private' },
			{ cookie }
		);
		expect(saved.status).toBe(303);
		expect(saved.headers.get('location')).toBe('/prompts');
		const list = await fetch(new URL('/api/prompts', server.origin), {
			headers: { cookie: `${SESSION_COOKIE}=${cookie}` }
		});
		const { prompts } = (await list.json()) as { prompts: { id: string; title: string }[] };
		const id = prompts.find((p) => p.title === 'Plain form prompt')!.id;

		const edited = await http.post(
			`/prompts/${id}`,
			{ title: 'Renamed prompt', body: 'Hi {{who}}', visibility: 'private' },
			{ cookie }
		);
		expect(edited.status).toBe(303);

		const someoneElse = await signUp(http, newAccount('Sam Someone'));
		expect((await http.get(`/prompts/${id}`, someoneElse)).status).toBe(404);
		expect((await http.post(`/prompts/${id}/delete`, {}, { cookie: someoneElse })).status).toBe(404);

		const confirm = await http.get(`/prompts/${id}/delete`, cookie);
		expect(confirm.status).toBe(200);
		expect(await confirm.text()).toContain('Are you sure you want to delete ‘Renamed prompt’?');
		const deleted = await http.post(`/prompts/${id}/delete`, {}, { cookie });
		expect(deleted.status).toBe(303);
		expect((await http.get(`/prompts/${id}`, cookie)).status).toBe(404);
	}, 60_000);
});
