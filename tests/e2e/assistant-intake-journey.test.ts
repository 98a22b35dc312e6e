/**
 * Issue 5's journey in real Chromium against the OpenAI stub: a builder shares a form-intake assistant
 * with their team; a teammate starts a chat from the directory with a one-line request, is asked only
 * the missing questions, answers them, gets a grounded draft with citations, edits the brief and
 * redrafts; the builder rolls the assistant back a version. Every state passes axe.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { axeViolations } from './support/axe';
import { launchBrowser, newContext, open, type PageProblems } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp, type Client } from './support/http';
import { seedGuidance } from './support/guidance';
import { startServer, type TestServer } from './support/server';
import { joinTeam } from './support/teams';

const cacheDir = process.env.E2E_EMBEDDINGS_CACHE_DIR ?? path.join(tmpdir(), 'nca-wink-cache');

let stub: OpenAIStub;
let server: TestServer;
let browser: Browser;
let http: Client;
let adminCookie: string;

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
	adminCookie = await signUp(http, newAccount('Ada Admin'));
	await seedGuidance(server.origin, adminCookie, { name: 'Style guidance', slug: 'style-guidance' });
}, 200_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await stub?.close();
});

describe('a team assistant with a form intake', () => {
	it('asks a teammate only what is missing, drafts with citations, redrafts from an edited brief, and rolls back', async () => {
		const builder = newAccount('Bea Builder');
		const teammate = newAccount('Tom Teammate');
		const builderCookie = await signUp(http, builder);
		const teammateCookie = await signUp(http, teammate);

		// The builder's team, with the teammate as a member.
		const team = await http.post(
			'/teams?/create',
			{ name: 'Press office', description: '' },
			{ cookie: builderCookie }
		);
		expect(team.status).toBe(303);
		const teamPath = team.headers.get('location')!;
		await joinTeam(http, teamPath, builderCookie, { email: teammate.email, cookie: teammateCookie });

		// A team assistant with a form intake; then a second version, so there is one to roll back.
		const teamId = teamPath.split('/').pop();
		const created = await api(builderCookie, 'POST', '/api/assistants', {
			name: 'Clinic news',
			description: 'Drafts news about new and changing clinics',
			category: 'Media and press',
			instructions: 'Write a short news item about a clinic, in plain English, citing the guidance.',
			visibility: 'team',
			teamId,
			collections: ['style-guidance'],
			intake: {
				mode: 'form',
				questions: [
					{
						id: 'audience',
						label: 'Who is it for?',
						type: 'single_choice',
						options: ['Patients', 'Staff'],
						required: true
					},
					{ id: 'key_message', label: 'What is the key message?', type: 'long_text', required: true },
					{
						id: 'spokesperson',
						label: 'Who should be quoted?',
						hint: 'Name and job title',
						type: 'short_text',
						required: true
					}
				]
			}
		});
		expect(created.status).toBe(201);
		const assistant = (await created.json()) as { id: string };
		expect(
			(
				await api(builderCookie, 'PATCH', `/api/assistants/${assistant.id}`, {
					description: 'Version two',
					changeNote: 'v2'
				})
			).status
		).toBe(200);

		// The teammate finds it in the directory and starts a chat.
		stub.replyTo = (r) =>
			r.messages.some((m) => m.content.includes('which questions it already answers'))
				? '{"answers": {"audience": "Patients", "key_message": "The new diabetes clinic opens on 6 May"}}'
				: 'Diabetes clinic news';
		const { context, page, problems } = await signedIn(teammateCookie);
		await open(page, '/assistants');
		const card = page.locator('.nhsuk-card').filter({ hasText: 'Clinic news' });
		await card.getByRole('button', { name: /Start a chat/ }).click();
		// No chat is created until the first message is sent: the home composer opens with the assistant.
		await page.waitForURL(/\/\?assistant=[0-9a-f-]{36}$/);
		await page.getByRole('heading', { name: 'Start a chat with Clinic news' }).waitFor();
		await expectAccessible(page, 'assistant chosen, nothing sent');

		const box = page.getByRole('textbox', { name: /What do you need the Clinic news assistant to write/ });
		await box.fill('News for patients: the new diabetes clinic opens on 6 May');
		await box.press('Enter');
		await page.waitForURL(/\/chats\/[0-9a-f-]{36}$/);

		// Only the missing question is asked; what the request said is shown as understood.
		const intake = page.getByRole('region', { name: 'A few questions before drafting' });
		await intake.waitFor();
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('intake-heading');
		expect(await intake.getByRole('textbox').count()).toBe(1);
		expect(await intake.getByRole('radio').count()).toBe(0);
		expect(await intake.textContent()).toContain('The new diabetes clinic opens on 6 May');
		await expectAccessible(page, 'intake questions');

		// An empty required answer: an NHS error summary linked to the field.
		await intake.getByRole('button', { name: 'Draft now', exact: true }).click();
		const summaryLink = page.locator('.nhsuk-error-summary a');
		await summaryLink.waitFor();
		expect(await summaryLink.getAttribute('href')).toBe('#intake-spokesperson');
		await expectAccessible(page, 'intake error');

		stub.next({
			kind: 'answer',
			chunks: ['The clinic opens on 6 May [1]. ', '"We are delighted," said Dr Asha Patel.'],
			chunkDelayMs: 50
		});
		await intake.getByLabel('Who should be quoted?').fill('Dr Asha Patel, clinical lead');
		await intake.getByRole('button', { name: 'Draft now', exact: true }).click();

		// The draft streams, cites the guidance, and the brief sits above it.
		const answer = page.locator('.app-answer').last();
		await answer.getByText('said Dr Asha Patel').waitFor();
		const brief = page.getByRole('region', { name: 'Your brief' });
		await brief.waitFor();
		expect(await brief.textContent()).toContain('Dr Asha Patel, clinical lead');
		await page.locator('[aria-live="polite"]').filter({ hasText: 'Answer complete' }).waitFor({ state: 'attached' });
		await answer.getByRole('button', { name: 'Source [1]' }).click();
		const dialog = page.getByRole('dialog');
		await dialog.waitFor();
		expect(await dialog.textContent()).toContain('Inclusive language guide');
		await expectAccessible(page, 'draft with brief, citation open');
		await page.keyboard.press('Escape');
		await dialog.waitFor({ state: 'hidden' });
		const draftPrompt = stub.requests.filter((r) => r.stream).at(-1)!;
		expect(draftPrompt.messages.map((m) => m.content).join('\n')).toContain(
			'Who should be quoted? Dr Asha Patel, clinical lead'
		);

		// Edit the brief and redraft: the earlier draft is kept as version 1 of 2.
		stub.next({ kind: 'answer', chunks: ['A staff version of the news [1].'] });
		await brief.getByRole('button', { name: 'Edit brief and redraft' }).click();
		const edit = page.getByRole('region', { name: 'Edit your brief' });
		await edit.getByLabel('Staff').check();
		await edit.getByRole('button', { name: 'Redraft' }).click();
		await page.locator('.app-answer').getByText('A staff version of the news').waitFor();
		await page.getByText('2 of 2').first().waitFor();
		expect(await page.getByRole('region', { name: 'Your brief' }).textContent()).toContain('Staff');
		await expectAccessible(page, 'redrafted');

		// The draft is still there after a reload.
		await page.reload();
		await page.locator('.app-answer').getByText('A staff version of the news').waitFor();
		expect(problems).toEqual([]);
		await context.close();

		// The builder rolls the assistant back to version 1.
		const builderView = await signedIn(builderCookie);
		await open(builderView.page, `/assistants/${assistant.id}/versions`);
		await builderView.page.getByRole('link', { name: 'Roll back to version 1' }).click();
		await builderView.page.getByRole('button', { name: 'Roll back to version 1' }).click();
		await builderView.page.getByText(/saved as version 3/).waitFor();
		await expectAccessible(builderView.page, 'rolled back');
		const after = (await (await api(builderCookie, 'GET', `/api/assistants/${assistant.id}`)).json()) as {
			version: number;
			description: string;
		};
		expect(after).toMatchObject({ version: 3, description: 'Drafts news about new and changing clinics' });
		await builderView.context.close();
	}, 120_000);
});
