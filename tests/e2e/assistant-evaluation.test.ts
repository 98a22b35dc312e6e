/**
 * Issue 15 in real Chromium against the OpenAI stub: a builder writes two test cases for an assistant
 * shared with the organisation (one that must pass, one that must fail), runs an evaluation with a
 * model they choose, and reads the pass rate and the failing case's reason naming the phrase. The
 * administrator cannot approve the version before a run (no button, and the server's 409 shown as an
 * error summary when the form is posted anyway), then sees the results, and after a second version the
 * two runs side by side. The tests page, the run page and the approval page pass axe.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { axeViolations } from './support/axe';
import { launchBrowser, newContext, open, type PageProblems } from './support/browser';
import { client, errorSummary, newAccount, SESSION_COOKIE, signUp, visibleText, type Client } from './support/http';
import { startServer, type TestServer } from './support/server';

let stub: OpenAIStub;
let server: TestServer;
let browser: Browser;
let http: Client;
let adminCookie: string;
const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

async function api(cookie: string, method: string, url: string, body?: unknown): Promise<Response> {
	return fetch(new URL(url, server.origin), {
		method,
		headers: {
			cookie: `${SESSION_COOKIE}=${cookie}`,
			origin: server.origin,
			accept: 'application/json',
			...(body === undefined ? {} : { 'content-type': 'application/json' })
		},
		body: body === undefined ? undefined : JSON.stringify(body)
	});
}

async function signedIn(cookie: string): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
	const { context, problems } = await newContext(browser, server.origin);
	await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: server.origin }]);
	return { context, page: await context.newPage(), problems };
}

async function expectAccessible(page: Page, label: string): Promise<void> {
	await page.waitForLoadState('networkidle');
	expect(await axeViolations(page), label).toEqual([]);
}

beforeAll(async () => {
	stub = await startOpenAIStub();
	[server, browser] = await Promise.all([
		startServer({
			OPENAI_BASE_URL: stub.baseUrl,
			OPENAI_API_KEY: 'test',
			CHAT_MODELS: 'stub-model=Stub model,stub-large=Stub large'
		}),
		launchBrowser()
	]);
	http = client(server.origin);
	adminCookie = await signUp(http, newAccount('Ada Admin')); // the first account is the administrator
	// The intake's extraction: the request answers both questions, so nothing is asked.
	stub.replyTo = (r) =>
		r.messages.some((m) => m.content.includes('which questions it already answers'))
			? '{"answers": {"audience": "Patients", "key_message": "The flu clinic is open"}}'
			: undefined;
}, 200_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await stub?.close();
});

/** Fills and sends the add-a-test-case form from the tests page. */
async function addCase(page: Page, c: { name: string; request: string; include?: string; avoid?: string }) {
	await page.getByRole('button', { name: 'Add a test case' }).click();
	await page.getByRole('heading', { level: 1, name: 'Add a test case' }).waitFor();
	await page.getByLabel('Name of the test case').fill(c.name);
	await page.getByLabel('Request', { exact: true }).fill(c.request);
	if (c.include) await page.getByLabel('Phrases it must include').fill(c.include);
	if (c.avoid) await page.getByLabel('Phrases it must avoid').fill(c.avoid);
	await page.getByRole('button', { name: 'Add test case' }).click();
	await page.getByText(`Test case “${c.name}” added`).waitFor();
}

/** Runs an evaluation from the tests page and waits, without reloading, until the run page says it finished. */
async function runEvaluation(page: Page, model: string): Promise<void> {
	await page.getByLabel('Model to run the tests with').selectOption({ label: model });
	await page.getByRole('button', { name: /^Run evaluation/ }).click();
	await page.waitForURL(/\/tests\/runs\/[0-9a-f-]{36}$/);
	await page.locator('#run-progress-text', { hasText: /^Finished: / }).waitFor({ timeout: 60_000 });
}

/** Posts the approve action as a plain form (no JavaScript), as a stale page or another tab would. */
async function postApproveAnyway(page: Page, assistantId: string): Promise<void> {
	await page.evaluate((id) => {
		const form = document.createElement('form');
		form.method = 'post';
		form.action = '/admin/assistants?/approve';
		const input = document.createElement('input');
		input.type = 'hidden';
		input.name = 'assistantId';
		input.value = id;
		form.append(input);
		document.body.append(form);
		form.submit();
	}, assistantId);
	await page.waitForLoadState('networkidle');
}

describe('assistant test cases and evaluations', () => {
	it('runs a builder’s cases, shows why one failed, and gates approval on a run of the version', async () => {
		const builderCookie = await signUp(http, newAccount('Bea Builder'));
		const created = await api(builderCookie, 'POST', '/api/assistants', {
			name: 'Flu clinic news',
			description: 'Drafts news about flu clinics',
			category: 'Media and press',
			instructions: 'Write a short news item about a flu clinic, in plain English.',
			visibility: 'organisation',
			status: 'published',
			intake: {
				mode: 'form',
				questions: [
					{ id: 'audience', label: 'Who is it for?', type: 'single_choice', options: ['Patients', 'Staff'] },
					{ id: 'key_message', label: 'What is the key message?', type: 'long_text' }
				]
			}
		});
		expect(created.status).toBe(201);
		const { id } = (await created.json()) as { id: string };

		// Before any run the administrator has no Approve button, only a way to run one.
		const admin = await signedIn(adminCookie);
		await open(admin.page, '/admin/assistants');
		const card = admin.page.locator('.nhsuk-card').filter({ hasText: 'Flu clinic news' });
		await card.getByText('Not evaluated yet').waitFor();
		expect(await card.getByRole('button', { name: /^Approve/ }).count()).toBe(0);
		expect(await card.getByRole('link', { name: /Run an evaluation of version 1/ }).getAttribute('href')).toBe(
			`/assistants/${id}/tests`
		);
		await expectAccessible(admin.page, 'approval page before a run');
		await postApproveAnyway(admin.page, id);
		const summary = admin.page.locator('.nhsuk-error-summary');
		expect(squash(await summary.textContent())).toContain('Run an evaluation of version 1 before approving it');

		// The builder reaches the tests from the assistant's page.
		const { context, page, problems } = await signedIn(builderCookie);
		await open(page, `/assistants/${id}`);
		await page.getByRole('link', { name: /^Tests/ }).click();
		await page.getByRole('heading', { level: 1, name: 'Tests' }).waitFor();
		await page.getByText('There are no test cases yet.').waitFor();
		await expectAccessible(page, 'tests page, empty');

		// An empty case is refused with messages that say what to do, linked to the fields.
		await page.getByRole('button', { name: 'Add a test case' }).click();
		await page.getByRole('button', { name: 'Add test case' }).click();
		const problemsList = page.locator('.nhsuk-error-summary');
		await problemsList.waitFor();
		const text = squash(await problemsList.textContent());
		expect(text).toContain('Enter a name for the test case');
		expect(text).toContain('Enter the request to test');
		expect(text).toContain('add at least one expectation');
		expect(await page.evaluate(() => document.activeElement?.classList.contains('nhsuk-error-summary'))).toBe(true);
		await expectAccessible(page, 'test case form with errors');
		await page.getByRole('link', { name: 'Back to tests' }).click();
		await page.getByRole('heading', { level: 1, name: 'Tests' }).waitFor();

		await addCase(page, {
			name: 'Names the clinic',
			request: 'Write a news item: the flu clinic at the health centre is open to patients',
			include: 'flu clinic'
		});
		await addCase(page, {
			name: 'Avoids naming the day',
			request: 'Write a news item about the flu clinic without saying which day it opens',
			avoid: 'Monday\nweekend'
		});
		const rows = page.locator('table').filter({ hasText: 'Names the clinic' }).locator('tbody tr');
		expect(await rows.count()).toBe(2);
		expect(squash(await rows.nth(0).textContent())).toContain('Includes “flu clinic”');
		expect(squash(await rows.nth(1).textContent())).toContain('Avoids “Monday”, “weekend”');
		await expectAccessible(page, 'tests page with cases');

		// One answer for both cases: it names the clinic (pass) and the day (fail).
		const answer = 'The flu clinic opens on Monday at 9am. Book online or call the centre.';
		stub.next({ kind: 'answer', chunks: [answer] });
		stub.next({ kind: 'answer', chunks: [answer] });
		await runEvaluation(page, 'Stub large');
		expect(stub.requests.filter((r) => r.stream).map((r) => r.model)).toEqual(['stub-large', 'stub-large']);
		expect(squash(await page.locator('#run-progress-text').textContent())).toBe(
			'Finished: 1 of 2 test cases passed (50%)'
		);
		expect(squash(await page.locator('.nhsuk-summary-list').textContent())).toContain('Pass rate 50%');
		const failed = page.locator('.nhsuk-card').filter({ hasText: 'Avoids naming the day' });
		expect(squash(await failed.textContent())).toMatch(/Failed.*Why it failed:.*Monday/);
		const passed = page.locator('.nhsuk-card').filter({ hasText: 'Names the clinic' });
		expect(squash(await passed.textContent())).toContain('Passed');
		await passed.locator('summary').click();
		await passed.getByText(answer).waitFor();
		await expectAccessible(page, 'evaluation results');

		await page.getByRole('link', { name: 'Back to tests' }).click();
		const history = page.locator('table').filter({ hasText: 'Version 1' });
		expect(squash(await history.locator('tbody tr').first().textContent())).toContain('50% (1 of 2)');
		await expectAccessible(page, 'tests page with a past run');

		// Now the administrator sees the run, and may approve.
		await open(admin.page, '/admin/assistants');
		expect(squash(await card.locator('.nhsuk-summary-list').textContent())).toContain(
			'Version 1 (awaiting approval) 50% (1 of 2 passed)'
		);
		await expectAccessible(admin.page, 'approval page after a run');
		await card.getByRole('button', { name: /^Approve/ }).click();
		await admin.page.getByText('“Flu clinic news” is approved').waitFor();

		// A second version goes back for approval: a new case, a fixed answer, a run beside the first.
		const patched = await api(builderCookie, 'PATCH', `/api/assistants/${id}`, {
			instructions: 'Write a short news item about a flu clinic, in plain English. Never give the day.',
			changeNote: 'No days'
		});
		expect(patched.status).toBe(200);
		await open(page, `/assistants/${id}/tests`);
		await addCase(page, { name: 'Says how to book', request: 'Tell patients how to book', include: 'book' });
		const fixed = 'The flu clinic is open now. Book online or call the centre.';
		for (let i = 0; i < 3; i++) stub.next({ kind: 'answer', chunks: [fixed] });
		await runEvaluation(page, 'Stub model');
		expect(squash(await page.locator('#run-progress-text').textContent())).toBe(
			'Finished: 3 of 3 test cases passed (100%)'
		);

		await open(admin.page, '/admin/assistants');
		const compared = squash(await card.locator('.nhsuk-summary-list').textContent());
		expect(compared).toContain('Version 2 (awaiting approval) 100% (3 of 3 passed)');
		expect(compared).toContain('Version 1 (before) 50% (1 of 2 passed)');
		expect(squash(await card.textContent())).toContain('Cases added since version 1: Says how to book');
		const row = (name: string) => card.locator('tbody tr').filter({ hasText: name });
		const cells = async (name: string) => (await row(name).locator('th, td').allTextContents()).map(squash);
		expect(await cells('Avoids naming the day')).toEqual(['Avoids naming the day', 'Passed', 'Failed', 'Now passes']);
		expect(await cells('Says how to book')).toEqual(['Says how to book', 'Passed', 'Not in this run', 'New case']);
		await expectAccessible(admin.page, 'approval page, two versions side by side');

		expect(problems).toEqual([]);
		await context.close();
		await admin.context.close();
	}, 240_000);

	it('works without JavaScript: plain form posts, and a run page to refresh until it finishes', async () => {
		const cookie = await signUp(http, newAccount('Noa Nojs'));
		const created = await api(cookie, 'POST', '/api/assistants', {
			name: 'Plain tests',
			description: 'Tested without scripts',
			category: 'Other',
			instructions: 'Write a short note about a clinic.',
			visibility: 'private',
			status: 'published',
			intake: { mode: 'none', questions: [] }
		});
		expect(created.status, await created.clone().text()).toBe(201);
		const { id } = (await created.json()) as { id: string };
		const base = `/assistants/${id}/tests`;

		const invalid = await http.post(`${base}/new`, { name: '', request: '', maxWords: 'many' }, { cookie });
		expect(invalid.status).toBe(400);
		const html = await invalid.text();
		expect(errorSummary(html)).toEqual([
			'Enter a name for the test case',
			'Enter the request to test',
			'The word limit must be a number'
		]);
		expect(html).toContain('href="#maxWords"');
		expect(html).toContain('value="many"');

		const saved = await http.post(
			`${base}/new`,
			{ name: 'Mentions the clinic', request: 'A note', mustInclude: 'clinic' },
			{ cookie }
		);
		expect(saved.status).toBe(303);
		expect(saved.headers.get('location')).toBe(base);

		// The answer is held half-written, so the run is seen in progress.
		let release = () => {};
		stub.next({
			kind: 'answer',
			chunks: ['The ', 'clinic is open.'],
			beforeLast: new Promise<void>((r) => (release = r))
		});
		const started = await http.post(`${base}?/run`, { model: 'stub-model' }, { cookie });
		expect(started.status).toBe(303);
		const runPath = started.headers.get('location') ?? '';
		expect(runPath).toMatch(new RegExp(`^${base}/runs/[0-9a-f-]{36}$`));
		const runPage = async () => visibleText(await (await http.get(runPath, cookie)).text());
		let text = await runPage();
		for (let i = 0; i < 100 && !text.includes('Running: 0 of 1 test case done'); i++) {
			await new Promise((r) => setTimeout(r, 100));
			text = await runPage();
		}
		expect(text).toContain('Running: 0 of 1 test case done');
		expect(text).toContain('If it does not, refresh the page to see how far it has got');

		release();
		for (let i = 0; i < 100 && !text.includes('Finished:'); i++) {
			await new Promise((r) => setTimeout(r, 100));
			text = await runPage();
		}
		expect(text).toContain('Finished: 1 of 1 test case passed (100%)');
		expect(text).not.toContain('refresh the page');
	}, 60_000);
});
