/**
 * Feedback analysis in real Chromium against the built app, the model played by the OpenAI stub with
 * the same stand-in the integration tests use (it answers the three analysis prompts from their
 * content, so the counts are known): attach a CSV of 60 responses, pick the column, watch the
 * progress, read the themes, open a theme's responses, rename and merge themes and see the counts
 * follow, download the CSV, start a "you said, we did" chat; axe on every state, 320px without
 * sideways scrolling, and someone else's analysis is the normal not-found page.
 */
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	analysisModel,
	analysisTask,
	expectedCounts,
	responsesCsv,
	syntheticResponses,
	TOPICS,
	type SyntheticResponse
} from '../helpers/analysis';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { axeViolations } from './support/axe';
import { launchBrowser, NARROW, newContext, open, type PageProblems } from './support/browser';
import { focusedElement } from './support/keyboard';
import { client, newAccount, SESSION_COOKIE, signUp } from './support/http';
import { startServer, type TestServer } from './support/server';

const cacheDir = process.env.E2E_EMBEDDINGS_CACHE_DIR ?? path.join(tmpdir(), 'nca-wink-cache');
const N = 60;

let stub: OpenAIStub;
let server: TestServer;
let browser: Browser;
let alice: string;
let bob: string;
let person: { context: BrowserContext; problems: PageProblems };
let responses: SyntheticResponse[];
/** Holds the first theme proposals until the test has seen the progress bar. */
let release: () => void = () => {};

async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
	expect(await axeViolations(page), label).toEqual([]);
}

async function newChat(cookie: string): Promise<string> {
	const res = await fetch(new URL('/api/chats', server.origin), {
		method: 'POST',
		headers: { cookie: `${SESSION_COOKIE}=${cookie}`, origin: server.origin, 'content-type': 'application/json' },
		body: '{}'
	});
	expect(res.status).toBe(201);
	return ((await res.json()) as { id: string }).id;
}

/** How many responses mention any of the topics (a response in several is counted once). */
function countWithAny(titles: string[]): number {
	const topics = titles.map((t) => TOPICS.findIndex((topic) => topic.title === t));
	return responses.filter((r) => r.topics.some((t) => topics.includes(t))).length;
}

/** The theme table as the person reads it: title → count. */
async function themeCounts(page: Page): Promise<Record<string, number>> {
	const rows = page.getByTestId('theme-row');
	const counts: Record<string, number> = {};
	for (const row of await rows.all()) {
		const title = (await row.getByTestId('theme-title').textContent())?.trim() ?? '';
		const count = (await row.getByTestId('theme-count').textContent())?.replace(/\D/g, '') ?? '';
		counts[title] = Number(count);
	}
	return counts;
}

beforeAll(async () => {
	responses = syntheticResponses(N);
	stub = await startOpenAIStub();
	const held = new Promise<void>((resolve) => (release = resolve));
	stub.replyTo = async (request) => {
		if (analysisTask(request) === 'propose') await held;
		return analysisModel(request);
	};
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
	alice = await signUp(http, newAccount('Alice Analyst'));
	bob = await signUp(http, newAccount('Bob Other'));
	person = await newContext(browser, server.origin);
	await person.context.addCookies([{ name: SESSION_COOKIE, value: alice, url: server.origin }]);
}, 200_000);

afterAll(async () => {
	release();
	await browser?.close();
	await server?.stop();
	await stub?.close();
});

describe('analysing survey responses', () => {
	let analysisUrl = '';
	let chatId = '';

	it('attaches a CSV, picks the column and starts the analysis, then shows its progress', async () => {
		chatId = await newChat(alice);
		const page = await person.context.newPage();
		await open(page, `/chats/${chatId}`);
		await page.getByLabel('Attach files').setInputFiles({
			name: 'survey.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from(responsesCsv(responses))
		});
		const chip = page.getByTestId('attachment-chip').filter({ hasText: 'survey.csv' });
		await chip.getByText('Attached', { exact: true }).waitFor({ timeout: 60_000 });

		const action = chip.getByRole('button', { name: 'Analyse responses in survey.csv' });
		await action.click();
		expect(await action.getAttribute('aria-expanded')).toBe('true');
		const form = page.getByTestId('analyse-form');
		await form.waitFor();
		// The form's heading takes focus; the column with the longest text is preselected.
		expect((await focusedElement(page)).text).toBe('Analyse the responses in survey.csv');
		const columns = form.getByRole('radio');
		expect(await columns.evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value))).toEqual([
			'id',
			'ward',
			'comment'
		]);
		expect(await form.getByRole('radio', { name: 'comment' }).isChecked()).toBe(true);
		await expectNoAxeViolations(page, 'the analyse form');

		// A problem is shown with the NHS error summary, which takes focus and links to the field.
		const question = form.getByLabel('What question were people answering? (optional)');
		await question.fill('Why? '.repeat(101));
		await form.getByRole('button', { name: 'Start analysis' }).click();
		const summary = form.locator('.nhsuk-error-summary');
		await summary.getByRole('link', { name: 'Keep the question to 500 characters or fewer' }).waitFor();
		expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
		await expectNoAxeViolations(page, 'the analyse form with an error');
		await question.fill('What could we do better?');
		await form.getByRole('button', { name: 'Start analysis' }).click();
		await page.waitForURL(/\/analyses\/[0-9a-f-]{36}$/);
		analysisUrl = new URL(page.url()).pathname;
		// Focus lands on the new page's heading, not on its body.
		expect((await focusedElement(page)).tag).toBe('h1');

		await page.getByTestId('analysis-progress').waitFor();
		expect(await page.locator('progress').count()).toBe(1);
		expect(await page.getByTestId('analysis-progress').textContent()).toMatch(/Waiting to start|0 of 6 batches \(0%\)/);
		expect(await page.getByTestId('analysis-facts').textContent()).toContain('What could we do better?');
		await expectNoAxeViolations(page, 'an analysis in progress');

		release();
		await page.getByTestId('theme-table').waitFor({ timeout: 60_000 });
		await page
			.getByRole('status')
			.filter({ hasText: 'Analysis complete: 5 themes found.' })
			.waitFor({ state: 'attached' });
		const expected = expectedCounts(responses);
		expect(await themeCounts(page)).toEqual(expected.byTitle);
		expect(await page.getByTestId('unassigned-count').textContent()).toContain(String(expected.none));
		await page.getByText('Themes suggested by AI; check them against the responses.').waitFor();
		await expectNoAxeViolations(page, 'the themes');
		expect(person.problems).toEqual([]);
		await page.close();
	}, 120_000);

	it('opens a theme’s responses from the keyboard, a page at a time', async () => {
		const page = await person.context.newPage();
		await open(page, analysisUrl);
		const show = page.getByRole('button', { name: 'Show responses for Parking' });
		await show.focus();
		await page.keyboard.press('Enter');
		const panel = page.getByTestId('theme-responses');
		await panel.waitFor();
		expect((await focusedElement(page)).text.replace(/\s+/g, ' ')).toBe('Responses in the theme Parking');
		expect(await show.getAttribute('aria-expanded')).toBe('true');
		const parking = expectedCounts(responses).byTitle.Parking;
		await panel.getByText(`of ${parking} responses`, { exact: false }).waitFor();
		const shown = await panel.getByTestId('response').count();
		expect(shown).toBe(Math.min(20, parking));
		for (const text of await panel.getByTestId('response').allTextContents())
			expect(text.toLowerCase()).toContain('parking');
		if (parking > 20) {
			await panel.getByRole('button', { name: 'Show more responses' }).click();
			await panel.getByText(`Showing ${Math.min(40, parking)} of ${parking}`).waitFor();
			expect((await focusedElement(page)).tag).toBe('li');
		}
		await expectNoAxeViolations(page, 'a theme’s responses');
		await panel.getByRole('button', { name: 'Close Parking' }).click();
		await panel.waitFor({ state: 'detached' });
		expect(await show.evaluate((el) => el === document.activeElement)).toBe(true);
		await page.close();
	}, 60_000);

	it('renames a theme and merges two, and the counts follow', async () => {
		const page = await person.context.newPage();
		await open(page, analysisUrl);
		await page.getByRole('button', { name: 'Show responses for Waiting times' }).click();
		await page.getByRole('button', { name: 'Rename this theme' }).click();
		const title = page.getByLabel('Theme title');
		expect(await title.evaluate((el) => el === document.activeElement)).toBe(true);
		await title.fill('Long waits for appointments');
		await page.getByRole('button', { name: 'Save theme' }).click();
		const banner = page.locator('.nhsuk-notification-banner');
		await banner.getByText('Theme renamed to “Long waits for appointments”.').waitFor();
		expect(await banner.evaluate((el) => el === document.activeElement)).toBe(true);
		const renamed = page.getByTestId('theme-row').filter({ hasText: 'Long waits for appointments' });
		expect(await renamed.textContent()).toMatch(/Edited[\s\S]*AI suggested: “Waiting times”/);
		await expectNoAxeViolations(page, 'a renamed theme');

		const merge = page.getByTestId('merge-form');
		await merge.getByRole('button', { name: 'Merge themes' }).click();
		await merge.getByText('Choose at least 2 themes to merge').first().waitFor();
		await merge.getByLabel(/^Hospital food/).check();
		await merge.getByLabel(/^Kind staff/).check();
		await merge.getByLabel('Title for the merged theme (optional)').fill('Care on the ward');
		await merge.getByRole('button', { name: 'Merge themes' }).click();
		await banner.getByText('2 themes merged into “Care on the ward”').waitFor();
		const counts = await themeCounts(page);
		const expected = expectedCounts(responses).byTitle;
		expect(counts).toEqual({
			Parking: expected.Parking,
			'Long waits for appointments': expected['Waiting times'],
			Information: expected.Information,
			'Care on the ward': countWithAny(['Hospital food', 'Kind staff'])
		});

		// Split: two of Parking's responses become a theme of their own.
		await page.getByRole('button', { name: 'Show responses for Parking' }).click();
		const panel = page.getByTestId('theme-responses');
		await panel.getByTestId('response').first().waitFor();
		await panel.getByRole('button', { name: 'Move to a new theme' }).click();
		await panel.getByText('Select the responses to move to the new theme').waitFor();
		const picks = panel.getByRole('checkbox');
		await picks.nth(0).check();
		await picks.nth(1).check();
		await panel.getByLabel('Title for the new theme').fill('Blue badge parking');
		await panel.getByRole('button', { name: 'Move to a new theme' }).click();
		await banner.getByText('2 responses moved to the new theme “Blue badge parking”.').waitFor();
		expect(await banner.evaluate((el) => el === document.activeElement)).toBe(true);
		expect(await themeCounts(page)).toMatchObject({ Parking: expected.Parking - 2, 'Blue badge parking': 2 });
		await panel.getByText(`Showing ${Math.min(20, expected.Parking - 2)} of ${expected.Parking - 2}`).waitFor();
		await expectNoAxeViolations(page, 'a split theme');

		await page.getByText('What the AI proposed and what people changed').click();
		const history = await page.getByTestId('analysis-history').textContent();
		expect(history).toContain('Alice Analyst');
		// Newest first: the split, the merge, then the rename.
		expect(history!.indexOf('Blue badge parking')).toBeLessThan(history!.indexOf('Care on the ward'));
		expect(history!.indexOf('Care on the ward')).toBeLessThan(history!.indexOf('Long waits for appointments'));
		await expectNoAxeViolations(page, 'merged themes and the history');
		expect(person.problems).toEqual([]);
		await page.close();
	}, 60_000);

	it('downloads the CSV with one row per response and its themes', async () => {
		const page = await person.context.newPage();
		await open(page, analysisUrl);
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByTestId('analysis-exports').getByRole('link', { name: /^CSV/ }).click()
		]);
		const file = await download.path();
		const rows = parse((await readFile(file!, 'utf8')).replace(/^\uFEFF/, ''), { columns: true }) as Record<
			string,
			string
		>[];
		expect(rows).toHaveLength(N);
		const parking = rows.filter((r) => r.Themes.split('; ').includes('Parking'));
		// Two of Parking's responses were split off into a theme of their own.
		expect(parking).toHaveLength(expectedCounts(responses).byTitle.Parking - 2);
		expect(rows.filter((r) => r.Themes.split('; ').includes('Blue badge parking'))).toHaveLength(2);
		expect(rows.filter((r) => r.Themes.includes('Care on the ward'))).toHaveLength(
			countWithAny(['Hospital food', 'Kind staff'])
		);
		// The spreadsheet and the Word report download too.
		for (const [format, type] of [
			['xlsx', 'spreadsheetml'],
			['docx', 'wordprocessingml']
		]) {
			const link = page.getByTestId('analysis-exports').locator(`a[href$="format=${format}"]`);
			const res = await fetch(new URL((await link.getAttribute('href'))!, server.origin), {
				headers: { cookie: `${SESSION_COOKIE}=${alice}` }
			});
			expect(res.status, format).toBe(200);
			expect(res.headers.get('content-type')).toContain(type);
			expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
		}
		await page.close();
	}, 60_000);

	it('lists the analysis on its chat, fits a 320px screen, and is not found for anyone else', async () => {
		const page = await person.context.newPage();
		await open(page, `/chats/${chatId}`);
		const listed = page.getByTestId('chat-analyses');
		await listed.getByRole('link', { name: 'survey.csv: “comment”' }).waitFor();
		expect((await listed.textContent())?.replace(/\s+/g, ' ')).toMatch(
			/60 responses, started \d{1,2} [A-Z][a-z]+ \d{4} Complete/
		);
		await page.close();

		const narrow = await newContext(browser, server.origin, NARROW);
		await narrow.context.addCookies([{ name: SESSION_COOKIE, value: alice, url: server.origin }]);
		const small = await narrow.context.newPage();
		await open(small, analysisUrl);
		await small.getByTestId('theme-table').waitFor();
		expect(await small.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
		await expectNoAxeViolations(small, 'the themes at 320px');
		await narrow.context.close();

		const other = await newContext(browser, server.origin);
		await other.context.addCookies([{ name: SESSION_COOKIE, value: bob, url: server.origin }]);
		const theirs = await other.context.newPage();
		expect(await open(theirs, analysisUrl)).toBe(404);
		await theirs.getByRole('heading', { name: 'Page not found' }).waitFor();
		await other.context.close();
	}, 60_000);

	it('starts a “you said, we did” chat grounded in the result', async () => {
		const page = await person.context.newPage();
		await open(page, analysisUrl);
		await page.getByRole('button', { name: 'Draft a ‘you said, we did’ summary' }).click();
		await page.waitForURL(/\/chats\/[0-9a-f-]{36}$/);
		expect(page.url()).not.toContain(chatId);
		expect((await focusedElement(page)).tag).toBe('h1');
		await page.getByRole('heading', { name: 'You said, we did' }).first().waitFor();
		await page
			.getByTestId('attachment-chip')
			.filter({ hasText: 'Analysis of survey (comment)' })
			.getByText('Attached', { exact: true })
			.waitFor();
		await expectNoAxeViolations(page, 'the “you said, we did” chat');
		expect(person.problems).toEqual([]);
		await page.close();
	}, 60_000);

	it('shows an analysis that stopped, with the reason and a way back to the chat', async () => {
		const cookie = { cookie: `${SESSION_COOKIE}=${alice}`, origin: server.origin };
		const failingChat = await newChat(alice);
		const form = new FormData();
		form.append('file', new File([new Uint8Array(responsesCsv(responses.slice(0, 10)))], 'short.csv'));
		const uploaded = await fetch(new URL(`/api/chats/${failingChat}/attachments`, server.origin), {
			method: 'POST',
			headers: cookie,
			body: form
		});
		expect(uploaded.status).toBe(201);
		const attachmentId = ((await uploaded.json()) as { id: string }).id;
		// The model answers every proposal in the wrong shape: each attempt fails, then the analysis does.
		stub.replyTo = (request) => (analysisTask(request) === 'propose' ? 'Sorry, I cannot help with that.' : undefined);
		const started = await fetch(new URL(`/api/chats/${failingChat}/analyses`, server.origin), {
			method: 'POST',
			headers: { ...cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ attachmentId, column: 'comment' })
		});
		expect(started.status).toBe(202);
		const { id } = (await started.json()) as { id: string };

		const page = await person.context.newPage();
		await open(page, `/analyses/${id}`);
		const stopped = page.locator('.nhsuk-error-summary').filter({ hasText: 'The analysis stopped' });
		await stopped.waitFor({ timeout: 30_000 });
		expect(await stopped.textContent()).toMatch(/failed after \d attempts/);
		expect(await page.locator('progress').count()).toBe(0);
		expect(await stopped.getByRole('link', { name: 'Go back to the chat' }).getAttribute('href')).toBe(
			`/chats/${failingChat}`
		);
		await expectNoAxeViolations(page, 'a stopped analysis');
		await page.close();
	}, 60_000);
});
