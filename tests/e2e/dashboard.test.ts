/**
 * Transparency and monitoring in Chromium: every answer is labelled as a draft to check, a bereavement
 * request shows the sign-off callout, the AI-use statement can be added when copying, and an admin reads
 * the monitoring dashboard (counts, no personal data), filters it by date and downloads a CSV; the
 * dashboard is an overview (headline figures against the previous period, tables behind disclosures,
 * NHS-style dates) and the inclusive-language audit runs against the stub and reports by audience.
 * Pages pass axe; members cannot open the dashboard.
 */
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { axeViolations } from './support/axe';
import { launchBrowser, newContext, open, type PageProblems } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp, type Account, type Client } from './support/http';
import { startServer, type TestServer } from './support/server';

const cacheDir = process.env.E2E_EMBEDDINGS_CACHE_DIR ?? path.join(tmpdir(), 'nca-wink-cache');

let stub: OpenAIStub;
let server: TestServer;
let browser: Browser;
let http: Client;
let adminAccount: Account;
let admin: { context: BrowserContext; problems: PageProblems };
let memberCookie: string;
let adminCookie: string;

async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
	expect(await axeViolations(page), label).toEqual([]);
}

/** The JSON API as the admin. */
async function api(
	method: string,
	route: string,
	body?: unknown
): Promise<{ status: number; body: Record<string, unknown> }> {
	const res = await fetch(new URL(route, server.origin), {
		method,
		headers: {
			cookie: `${SESSION_COOKIE}=${adminCookie}`,
			origin: server.origin,
			accept: 'application/json',
			...(body === undefined ? {} : { 'content-type': 'application/json' })
		},
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await res.text();
	return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
}

/** Runs an assistant's test cases on the stub and waits for the run to finish. */
async function runTests(assistantId: string): Promise<Record<string, unknown>> {
	const started = await api('POST', `/api/assistants/${assistantId}/evaluations`, {});
	expect(started.status).toBe(202);
	for (let i = 0; i < 120; i++) {
		const run = await api('GET', `/api/assistants/${assistantId}/evaluations/${started.body.id}`);
		if (run.body.status === 'completed' || run.body.status === 'failed') return run.body;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`The evaluation did not finish:\n${server.output().slice(-3000)}`);
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
	adminAccount = newAccount('Dana Admin');
	adminCookie = await signUp(http, adminAccount);
	memberCookie = await signUp(http, newAccount('Mel Member'));
	admin = await newContext(browser, server.origin);
	await admin.context.addCookies([{ name: SESSION_COOKIE, value: adminCookie, url: server.origin }]);
	await admin.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
}, 200_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await stub?.close();
});

describe('human review and transparency in the chat', () => {
	it('labels the answer as a draft and shows the sign-off callout for a bereavement request', async () => {
		const page = await admin.context.newPage();
		await open(page, '/');
		stub.next({ kind: 'answer', chunks: ['We are so sorry ', 'for your loss.'] });
		const box = page.getByLabel('What do you need to write?');
		await box.fill('Write a condolence letter to a bereaved family after their father died on our ward');
		await box.press('Enter');
		await page.waitForURL(/\/chats\/[0-9a-f-]{36}$/);

		const answer = page.locator('.app-answer').last();
		await answer.getByRole('button', { name: 'Copy', exact: true }).waitFor();
		const label = answer.getByTestId('draft-label');
		expect(await label.textContent()).toContain('check for accuracy, tone and empathy before you use it');

		const callout = page.getByTestId('sensitive-topic-callout');
		await callout.waitFor();
		expect(await callout.count()).toBe(1);
		expect(await callout.getAttribute('data-topics')).toBe('bereavement');
		const text = (await callout.textContent()) ?? '';
		expect(text).toContain('Sensitive topic: sign-off needed');
		expect(text).toContain('about bereavement');
		// The callout sits between the request and the answer.
		const calloutBox = await callout.boundingBox();
		const answerBox = await answer.boundingBox();
		expect(calloutBox!.y).toBeLessThan(answerBox!.y);

		await expectNoAxeViolations(page, 'chat with a sensitive request');
		expect(admin.problems).toEqual([]);
		await page.close();
	}, 60_000);

	it('adds the AI-use statement when copying, only when asked', async () => {
		const page = await admin.context.newPage();
		await open(page, '/');
		const link = page.locator('.app-chat-nav__list a').first();
		await open(page, (await link.getAttribute('href')) ?? '/');
		const answer = page.locator('.app-answer').last();

		await answer.getByRole('button', { name: 'Copy', exact: true }).click();
		await answer.getByRole('button', { name: 'Copy text' }).click();
		await answer.getByRole('status').filter({ hasText: 'Copied as plain text.' }).waitFor();
		expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('We are so sorry for your loss.');

		await answer.getByRole('button', { name: 'Copy', exact: true }).click();
		await answer.getByLabel('Add the AI-use statement').check();
		await answer.getByRole('button', { name: 'Copy text' }).click();
		await answer.getByRole('status').filter({ hasText: 'with the AI-use statement' }).waitFor();
		const copied = await page.evaluate(() => navigator.clipboard.readText());
		expect(copied).toMatch(
			/^We are so sorry for your loss\.\n\nThis content was drafted with the help of NHS Comms Assist/
		);

		// The export links, under Chat options, carry the same choice.
		await page.getByRole('button', { name: 'Chat options' }).click();
		await page.locator('.app-chat-header').getByLabel('Add the AI-use statement').check();
		expect(await page.getByRole('link', { name: 'Word (.docx)' }).getAttribute('href')).toMatch(
			/format=docx&disclosure=1$/
		);
		await page.close();
	}, 30_000);
});

describe('the monitoring dashboard', () => {
	it('shows an admin the counts without personal data, and downloads a CSV', async () => {
		const page = await admin.context.newPage();
		expect(await open(page, '/admin')).toBe(200);
		await page.getByRole('link', { name: 'Monitoring dashboard' }).click();
		await page.waitForURL(/\/admin\/dashboard$/);
		await page.getByRole('heading', { level: 1, name: 'Monitoring dashboard' }).waitFor();

		const metric = (name: string) => page.locator(`[data-metric="${name}"]`).textContent();
		expect(await metric('activeUsers')).toBe('1');
		expect(Number(await metric('messages'))).toBeGreaterThanOrEqual(1);
		expect(Number(await metric('answers'))).toBeGreaterThanOrEqual(1);
		expect(await metric('energyWh')).toContain('estimate');
		expect(await metric('energyWh')).toContain('0.3 Wh per 1,000 tokens');

		// Each table sits closed behind a disclosure under its chart.
		const sensitive = page.locator('section[aria-labelledby="sensitive-topics-heading"]');
		expect(await sensitive.getByRole('row', { name: /Bereavement/ }).count()).toBe(0);
		await sensitive.getByText('Show the table of sensitive topics').click();
		expect(await sensitive.getByRole('row', { name: /Bereavement/ }).textContent()).toContain('1');
		// Each chart is an SVG image with a text alternative and the table beside it.
		const charts = page.locator('svg[role="img"]');
		expect(await charts.count()).toBeGreaterThanOrEqual(5);
		expect(await charts.first().locator('title').textContent()).toBe('Active users by day');
		expect(await charts.first().locator('desc').textContent()).toContain('the highest is');
		// Counts of people get whole-number ticks.
		const ticks = await charts.first().locator('.app-chart__tick').allTextContents();
		expect(ticks).toEqual(['0', '1']);

		// The header names the signed-in admin; nothing in the dashboard itself names anyone.
		const html = await page.locator('main').innerHTML();
		expect(html).not.toContain(adminAccount.email);
		expect(html).not.toContain('Dana Admin');
		expect(html).not.toContain('condolence letter');

		await expectNoAxeViolations(page, 'dashboard');

		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: /^Download assistants used as CSV\s+for these dates$/ }).click()
		]);
		expect(download.suggestedFilename()).toMatch(/^assistants_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
		const csv = await readFile((await download.path())!, 'utf8');
		expect(csv.split('\r\n')[0]).toBe('Assistant,Chats,Messages sent,People');
		expect(csv).toContain('General chat (no assistant),1,1,1');
		expect(admin.problems).toEqual([]);
		await page.close();
	}, 60_000);

	it('opens as an overview: headline figures against the previous period, tables behind disclosures, NHS dates', async () => {
		const page = await admin.context.newPage();
		expect(await open(page, '/admin/dashboard')).toBe(200);
		const today = new Date();
		const longDate = (d: Date) =>
			new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
		const start = new Date(today.getTime() - 29 * 86_400_000);

		// Dates read as "6 December 2026", never as ISO.
		const range = ((await page.getByTestId('dashboard-range').textContent()) ?? '').replace(/\s+/g, ' ');
		expect(range).toContain(`Showing ${longDate(start)} to ${longDate(today)}`);
		expect(range).toContain('compared with the previous 30 days');
		expect(range).not.toMatch(/\d{4}-\d{2}-\d{2}/);

		// Each headline figure says, in words, how it changed against the previous 30 days.
		const headlines = page.getByTestId('dashboard-headlines');
		expect(await headlines.locator('dt').allTextContents()).toEqual([
			'People active',
			'Chats started',
			'Answers written',
			'Answers rated',
			'Drafts approved',
			'Personal-data warnings',
			'Test runs completed'
		]);
		expect(await page.locator('[data-metric="chats"]').textContent()).toBe('1');
		expect((await page.locator('[data-change="chats"]').textContent())?.trim()).toBe(
			'Up from none in the previous 30 days'
		);
		expect((await page.locator('[data-change="draftsApproved"]').textContent())?.trim()).toBe(
			'No change on the previous 30 days'
		);

		// No table is open at first; a disclosure opens one, with its days in the same style.
		const daily = page.locator('section[aria-labelledby="active-users-daily-heading"]');
		const table = daily.getByRole('table', { name: 'Active users by day (table)' });
		expect(await table.isVisible()).toBe(false);
		await daily.getByText('Show the table of active users by day').click();
		await table.waitFor();
		expect(await table.getByRole('rowheader').last().textContent()).toBe(longDate(today));
		expect(
			await table
				.getByRole('row', { name: longDate(today) })
				.getByRole('cell')
				.textContent()
		).toBe('1');
		await expectNoAxeViolations(page, 'dashboard overview with a table open');

		// The summary downloads as CSV with both periods.
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: /^Download the summary as CSV\s+for these dates$/ }).click()
		]);
		expect(download.suggestedFilename()).toMatch(/^summary_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
		const csv = await readFile((await download.path())!, 'utf8');
		expect(csv.split('\r\n')[0]).toMatch(/^Figure,\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2},/);
		expect(csv).toContain('Chats started,1,0,up from none in the previous 30 days,');
		expect(admin.problems).toEqual([]);
		await page.close();
	}, 60_000);

	it('charts each assistant’s test pass rate over time, with a key, a summary and the table behind a disclosure', async () => {
		const page = await admin.context.newPage();
		expect(await open(page, '/admin/dashboard')).toBe(200);
		const section = page.locator('section[aria-labelledby="pass-rate-history-heading"]');
		await section.getByRole('heading', { level: 2, name: 'Test pass rates over time' }).waitFor();
		expect(await section.getByTestId('pass-rate-history-empty').textContent()).toContain(
			"No assistant's tests have been run yet"
		);

		// An assistant shared with the organisation, run twice: one of two cases passes, then both.
		const name = 'Urgent care messages';
		const created = await api('POST', '/api/assistants', {
			name,
			description: 'Writes messages about urgent care',
			category: 'Media and press',
			instructions: 'Write a short message for the public about urgent care.',
			visibility: 'organisation',
			status: 'published',
			intake: { mode: 'none', questions: [] }
		});
		expect(created.status).toBe(201);
		const id = created.body.id as string;
		for (const phrase of ['NHS 111', 'Pharmacy First']) {
			const added = await api('POST', `/api/assistants/${id}/test-cases`, {
				name: `Mentions ${phrase}`,
				request: 'Where to get urgent help',
				expect: { mustInclude: [phrase] }
			});
			expect(added.status).toBe(201);
		}
		stub.next({ kind: 'answer', chunks: ['Use NHS 111.'] });
		stub.next({ kind: 'answer', chunks: ['Use NHS 111.'] });
		expect(await runTests(id)).toMatchObject({ status: 'completed', passRate: 0.5 });
		stub.next({ kind: 'answer', chunks: ['Use NHS 111 or Pharmacy First.'] });
		stub.next({ kind: 'answer', chunks: ['Use NHS 111 or Pharmacy First.'] });
		expect(await runTests(id)).toMatchObject({ status: 'completed', passRate: 1 });

		await page.reload();
		const today = new Intl.DateTimeFormat('en-GB', {
			day: 'numeric',
			month: 'long',
			year: 'numeric',
			timeZone: 'UTC'
		}).format(new Date());
		// The chart: an SVG image named by its title, one line for the assistant with a marker per run.
		const chart = section.locator('svg[role="img"]');
		expect(await chart.locator('title').textContent()).toBe('Test pass rates over time');
		expect(await chart.locator(`polyline[data-series="${name}"]`).count()).toBe(1);
		expect(await chart.locator('.app-line-chart__marker').count()).toBe(2);
		expect(await chart.locator('.app-chart__tick').allTextContents()).toEqual(['0%', '25%', '50%', '75%', '100%']);
		// The key names each line beside its marker and line pattern; the summary says it in words.
		const key = section.getByRole('list', { name: 'Key to test pass rates over time' });
		expect((await key.getByRole('listitem').allTextContents()).map((t) => t.trim())).toEqual([name]);
		const summary = section.getByTestId('line-chart-summary');
		expect(await chart.getAttribute('aria-describedby')).toBe(await summary.getAttribute('id'));
		expect(((await summary.textContent()) ?? '').replace(/\s+/g, ' ')).toContain(
			`${name}: 2 runs, from 50% on ${today} to 100% on ${today} (up 50 percentage points).`
		);

		// The table sits closed behind its disclosure, dates in NHS style.
		const table = section.getByRole('table', { name: 'Test pass rates over time (table)' });
		expect(await table.isVisible()).toBe(false);
		await section.getByText('Show the table of test pass rates over time').click();
		await table.waitFor();
		const rows = table.locator('tbody tr');
		expect(await rows.count()).toBe(2);
		expect(await rows.first().getByRole('rowheader').textContent()).toBe(name);
		expect(await rows.first().getByRole('cell').allTextContents()).toEqual([today, '50', '1', '2', '1']);
		expect(await rows.last().getByRole('cell').allTextContents()).toEqual([today, '100', '2', '2', '1']);
		expect(await section.textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
		await expectNoAxeViolations(page, 'dashboard with the pass-rate chart and its table open');
		expect(admin.problems).toEqual([]);
		await page.close();
	}, 90_000);

	it('runs the inclusive-language audit on an assistant and reports the results by audience', async () => {
		const page = await admin.context.newPage();
		expect(await open(page, '/admin/dashboard')).toBe(200);
		await page.getByRole('link', { name: 'Inclusive-language audit report' }).click();
		await page.waitForURL(/\/admin\/dashboard\/inclusive-language$/);
		await page.getByRole('heading', { level: 1, name: 'Inclusive-language audit' }).waitFor();
		expect(await page.getByTestId('audit-none').isVisible()).toBe(true);
		await expectNoAxeViolations(page, 'audit page before any run');

		// Every answer the model gives uses a phrase the inclusive-language rules flag.
		const cases = (await readFile('prompts/evaluations/inclusive-audit.cases.yaml', 'utf8')).match(/^\s+audience:/gm)!;
		for (let i = 0; i < cases.length; i++) {
			stub.next({ kind: 'answer', chunks: ['We invite the elderly ', 'to book a flu vaccination.'] });
		}
		await page.getByLabel('Model').selectOption('stub-model');
		await page.getByRole('button', { name: 'Start the audit' }).click();
		await page.waitForURL(/\?run=[0-9a-f-]{36}$/);
		for (let i = 0; i < 60; i++) {
			if (((await page.getByTestId('audit-status').textContent()) ?? '').includes('Completed')) break;
			await page.waitForTimeout(1_000);
			await page.reload();
		}
		expect(await page.getByTestId('audit-status').textContent()).toContain('Completed on');
		const passRate = (await page.getByTestId('audit-pass-rate').textContent()) ?? '';
		expect(passRate).toMatch(/^\s*0 of \d+ \(0%\)\s*$/);

		// Results by audience: each request failed, with the rule and phrase named, output behind a disclosure.
		const age = page.locator('section[data-audience="Age"]');
		expect(await age.getByRole('heading', { level: 3 }).textContent()).toMatch(/Age\s+0 of 3 passed/);
		const first = age.locator('.app-audit-result').first();
		expect(await first.locator('.nhsuk-tag').textContent()).toBe('Failed');
		expect((await first.locator('li').allTextContents()).join(' ')).toMatch(/elderly/i);
		const output = first.locator('.app-audit-result__output');
		expect(await output.isVisible()).toBe(false);
		await first.getByText('Show the output').click();
		expect(await output.textContent()).toContain('We invite the elderly to book a flu vaccination.');
		expect(await page.locator('section[data-audience]').count()).toBe(10);

		// The run is in the history.
		const history = page.getByTestId('audit-history');
		expect(await history.getByRole('row').count()).toBe(2);
		expect(await history.getByRole('row').nth(1).textContent()).toContain('Completed');
		await expectNoAxeViolations(page, 'audit page with results');
		expect(admin.problems).toEqual([]);
		await page.close();
	}, 120_000);

	it('explains an end date before the start date', async () => {
		const page = await admin.context.newPage();
		await open(page, '/admin/dashboard');
		await page.locator('#from').fill('10');
		await page.locator('#from-month').fill('10');
		await page.locator('#from-year').fill('2026');
		await page.locator('#to').fill('1');
		await page.locator('#to-month').fill('10');
		await page.locator('#to-year').fill('2026');
		await page.getByRole('button', { name: 'Show these dates' }).click();
		await page.waitForURL(/to-day=1/);
		const summary = page.locator('.nhsuk-error-summary');
		await summary.waitFor();
		expect(await summary.textContent()).toContain('End date must be the same as or after the start date');
		expect(await page.title()).toMatch(/^Error: /);
		expect(await page.locator('[data-metric]').count()).toBe(0);
		await expectNoAxeViolations(page, 'dashboard with a date error');
		await page.close();
	}, 30_000);

	it('is closed to members', async () => {
		const headers = { cookie: `${SESSION_COOKIE}=${memberCookie}` };
		const pageRes = await fetch(new URL('/admin/dashboard', server.origin), { headers, redirect: 'manual' });
		expect(pageRes.status).toBe(403);
		const csvRes = await fetch(new URL('/admin/dashboard/export?table=tokens', server.origin), {
			headers,
			redirect: 'manual'
		});
		expect(csvRes.status).toBe(403);
		const auditRes = await fetch(new URL('/admin/dashboard/inclusive-language', server.origin), {
			headers,
			redirect: 'manual'
		});
		expect(auditRes.status).toBe(403);
		expect(http.origin).toBe(server.origin);
	});
});

describe('transparency settings', () => {
	it('refuses an empty AI-use statement with an error summary', async () => {
		const page = await admin.context.newPage();
		await open(page, '/admin/settings');
		await page.getByLabel('AI-use statement').fill('   ');
		await page.getByRole('button', { name: 'Save AI-use statement' }).click();
		const summary = page.locator('.nhsuk-error-summary');
		await summary.waitFor();
		expect(await summary.textContent()).toContain('Enter the AI-use statement');
		await expectNoAxeViolations(page, 'settings with an error');
		await page.close();
	}, 30_000);
});
