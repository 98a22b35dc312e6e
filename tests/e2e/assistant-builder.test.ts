/**
 * Real Chromium: a member builds a team, then a team assistant with a form intake, edits it, compares
 * versions and rolls back; a teammate finds it and starts a chat. Every page visited passes axe. The
 * builder's question rows also work without JavaScript (plain form posts).
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { launchBrowser, newContext, open } from './support/browser';
import { client, errorSummary, newAccount, SESSION_COOKIE, signUp, visibleText } from './support/http';
import { startServer, type TestServer } from './support/server';
import { joinTeam } from './support/teams';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';

let server: TestServer;
/** The model an evaluation runs against (approving an organisation assistant needs one). */
let stub: OpenAIStub;
let browser: Browser;
const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

let adminToken: string;

beforeAll(async () => {
	stub = await startOpenAIStub();
	[server, browser] = await Promise.all([
		startServer({ OPENAI_BASE_URL: stub.baseUrl, OPENAI_API_KEY: 'test', CHAT_MODELS: 'stub-model=Stub model' }),
		launchBrowser()
	]);
	adminToken = await signUp(client(server.origin), newAccount('Ada Admin')); // the first account is the administrator
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await stub?.close();
});

/** Adds a test case and runs an evaluation of the assistant's current version through the API, to the end. */
async function evaluate(assistantId: string, token: string): Promise<void> {
	const call = (method: string, route: string, body?: unknown) =>
		fetch(new URL(route, server.origin), {
			method,
			headers: { cookie: `${SESSION_COOKIE}=${token}`, origin: server.origin, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	const base = `/api/assistants/${assistantId}`;
	const added = await call('POST', `${base}/test-cases`, {
		name: 'Any',
		request: 'An item',
		expect: { maxWords: 500 }
	});
	expect(added.status).toBe(201);
	const started = await call('POST', `${base}/evaluations`, {});
	expect(started.status).toBe(202);
	const { id } = (await started.json()) as { id: string };
	for (let i = 0; i < 120; i++) {
		const run = (await (await call('GET', `${base}/evaluations/${id}`)).json()) as { status: string };
		if (run.status === 'completed') return;
		expect(run.status).not.toBe('failed');
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error('The evaluation did not finish');
}

async function signedIn(token: string): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
	const { context, problems } = await newContext(browser, server.origin);
	const url = new URL(server.origin);
	await context.addCookies([{ name: SESSION_COOKIE, value: token, domain: url.hostname, path: '/' }]);
	return { context, page: await context.newPage(), problems };
}

async function expectAccessible(page: Page): Promise<void> {
	await page.waitForLoadState('networkidle');
	expect(await axeViolations(page), `axe on ${page.url()}`).toEqual([]);
}

/** The texts of a table row's cells (header cells too), whitespace collapsed. */
async function cells(row: Locator): Promise<string[]> {
	return (await row.locator('th, td').allTextContents()).map(squash);
}

async function heading(page: Page): Promise<string> {
	return squash(await page.getByRole('heading', { level: 1 }).textContent());
}

describe('building a team assistant', () => {
	it('creates a team and a team assistant, edits it, compares versions and rolls back', async () => {
		const http = client(server.origin);
		const bea = newAccount('Bea Builder');
		const tom = newAccount('Tom Teammate');
		const beaToken = await signUp(http, bea);
		const tomToken = await signUp(http, tom);

		const { context, page, problems } = await signedIn(beaToken);

		// A team, with a teammate added by email.
		await open(page, '/');
		await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Teams' }).click();
		await page.waitForURL(`${server.origin}/teams`);
		await expectAccessible(page);
		await page.getByLabel('Team name').fill('Press office');
		await page.getByRole('button', { name: 'Create team' }).click();
		await page.waitForURL(/\/teams\/[0-9a-f-]{36}$/);
		const teamUrl = page.url();
		expect(await heading(page)).toBe('Press office');
		await page.getByText('Team “Press office” created').waitFor();
		await expectAccessible(page);

		// Joining is an invitation the teammate accepts; the owner is told the same whoever the address is.
		await page.getByLabel('Email address').fill('nobody.here@nhs.net');
		await page.getByRole('button', { name: 'Send invitation' }).click();
		await page
			.getByText(/Invitation sent/)
			.first()
			.waitFor();
		await expectAccessible(page);
		await joinTeam(http, new URL(teamUrl).pathname, beaToken, { email: tom.email, cookie: tomToken });
		await open(page, teamUrl);
		const tomRow = page.getByRole('row').filter({ hasText: tom.email });
		expect(await tomRow.getByRole('combobox', { name: 'Role for Tom Teammate' }).inputValue()).toBe('member');
		await expectAccessible(page);

		// The builder: three questions, the first a required single choice.
		await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Assistants' }).click();
		await page.waitForURL(`${server.origin}/assistants`);
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Create an assistant' }).click();
		await page.waitForURL(`${server.origin}/assistants/new`);
		await expectAccessible(page);

		await page.getByLabel('Name', { exact: true }).fill('Ward news');
		await page.getByLabel('Short description').fill('Drafts ward news items for staff bulletins');
		await page.getByLabel('Category').selectOption('Internal communications');
		await page.getByLabel('Instructions').fill('Write a short, warm staff news item in plain English.');
		await page.locator('#questions-0-label').fill('Who is the audience?');
		await page.locator('#questions-0-type').selectOption('single_choice');
		await page.locator('#questions-0-options').fill('Nurses'); // one option: not enough
		await page.locator('#questions-0-required').check();
		await page.getByRole('button', { name: 'Add another question' }).click();
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('questions-1-label');
		await page.locator('#questions-1-label').fill('Any quotes to include?');
		await page.getByRole('button', { name: 'Add another question' }).click();
		await page.locator('#questions-2-label').fill('What is the key message?');
		await page.locator('#questions-2-type').selectOption('long_text');
		// Put the key message second.
		await page.getByRole('button', { name: 'Move up question 3' }).click();
		expect(await page.locator('#questions-1-label').inputValue()).toBe('What is the key message?');
		expect(await page.locator('#questions-2-label').inputValue()).toBe('Any quotes to include?');
		await page.getByLabel('A team').check();
		await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Press office' });
		await page.getByLabel('Published').check();
		await page.getByRole('button', { name: 'Save assistant' }).click();

		// The service's error for question 1's options is shown on that field, linked from the summary.
		const summaryLink = page.locator('.nhsuk-error-summary a', { hasText: 'at least 2 options' });
		await summaryLink.waitFor();
		expect(await summaryLink.getAttribute('href')).toBe('#questions-0-options');
		expect(await page.locator('#questions-0-options-error').textContent()).toContain('at least 2 options');
		expect(await page.locator('#questions-1-label').inputValue()).toBe('What is the key message?');
		await expectAccessible(page);
		await page.locator('#questions-0-options').fill('Nurses\nDoctors\nAll staff');
		await page.getByRole('button', { name: 'Save assistant' }).click();

		await page.waitForURL(/\/assistants\/[0-9a-f-]{36}$/);
		const assistantUrl = page.url();
		expect(await heading(page)).toBe('Ward news');
		await page.getByText('Assistant “Ward news” created').waitFor();
		const questions = page.getByRole('table', { name: 'Intake questions' }).getByRole('row');
		expect(await questions.count()).toBe(4);
		expect(await cells(questions.nth(1))).toEqual([
			'Who is the audience?',
			'Single choice: Nurses, Doctors, All staff',
			'Yes'
		]);
		expect((await cells(questions.nth(2)))[0]).toBe('What is the key message?');
		expect(squash(await page.locator('.nhsuk-summary-list').textContent())).toContain('Team: Press office');
		await expectAccessible(page);

		// Edit: a new version with a change note.
		await page.getByRole('button', { name: 'Edit' }).click();
		await page.waitForURL(`${assistantUrl}/edit`);
		await expectAccessible(page);
		expect(await page.locator('#questions-0-options').inputValue()).toBe('Nurses\nDoctors\nAll staff');
		await page.getByLabel('Instructions').fill('Write a very short staff news item.');
		await page.getByLabel('Change note (optional)').fill('Shorter items');
		await page.getByRole('button', { name: 'Save new version' }).click();
		await page.waitForURL(assistantUrl);
		await page.getByText('Saved “Ward news” as version 2').waitFor();

		// History and comparison.
		await page.getByRole('link', { name: 'Version history' }).click();
		await page.waitForURL(`${assistantUrl}/versions`);
		const history = page.getByRole('table', { name: '2 versions' });
		const latest = await cells(history.getByRole('row').nth(1));
		expect([latest[0], latest[1], latest[3], latest[4]]).toEqual([
			'2 Current',
			'Bea Builder',
			'Shorter items',
			'' // the current version cannot be rolled back to
		]);
		expect((await cells(history.getByRole('row').nth(2))).at(-1)).toBe('Roll back to version 1');
		await expectAccessible(page);
		await page.getByLabel('Version A').selectOption('1');
		await page.getByLabel('Version B').selectOption('2');
		await page.getByRole('button', { name: 'Compare' }).click();
		await page.waitForURL(/versions\?a=1&b=2/);
		const diff = page.getByRole('table', { name: 'Version 1 compared with version 2' });
		const instructionsRow = diff.getByRole('row').filter({ hasText: 'Instructions' });
		expect(await cells(instructionsRow)).toEqual([
			'Instructions Changed',
			'Write a short, warm staff news item in plain English.',
			'Write a very short staff news item.'
		]);
		expect(await cells(diff.getByRole('row').nth(1))).toEqual(['Name', 'Ward news', 'Ward news']);
		await page.getByText('1 field differs: Instructions.').waitFor();
		await expectAccessible(page);

		// Roll back to version 1, with confirmation.
		await page.getByRole('link', { name: 'Roll back to version 1' }).click();
		await page.waitForURL(`${assistantUrl}/versions/1/rollback`);
		expect(await heading(page)).toBe('Roll back to version 1?');
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Roll back to version 1' }).click();
		await page.waitForURL(`${assistantUrl}/versions`);
		await page.getByText('Rolled back to version 1. It is saved as version 3').waitFor();
		const newest = page.getByRole('table', { name: '3 versions' }).getByRole('row').nth(1);
		const restored = await cells(newest);
		expect([restored[0], restored[1], restored[3]]).toEqual(['3 Current', 'Bea Builder', 'Rolled back to version 1']);
		await expectAccessible(page);
		await open(page, assistantUrl);
		expect(squash(await page.locator('.nhsuk-inset-text').first().textContent())).toBe(
			'Write a short, warm staff news item in plain English.'
		);
		expect(problems).toEqual([]);
		await context.close();

		// The teammate finds it under "My teams" and starts a chat with it.
		const teammate = await signedIn(tomToken);
		await open(teammate.page, '/assistants?scope=teams');
		await expectAccessible(teammate.page);
		const card = teammate.page.locator('.app-assistant-card', { hasText: 'Ward news' });
		expect(squash(await card.textContent())).toContain('Shared with Team: Press office');
		expect(await card.getByRole('button', { name: /^Edit/ }).count()).toBe(0);
		await card.getByRole('button', { name: 'Start a chat with Ward news' }).click();
		await teammate.page.waitForURL(/\/\?assistant=[0-9a-f-]{36}$/);
		await teammate.page.getByRole('heading', { name: 'Start a chat with Ward news' }).waitFor();
		// A member of the team sees the team but cannot manage it.
		await open(teammate.page, new URL(teamUrl).pathname);
		expect(await teammate.page.getByRole('button', { name: 'Add member' }).count()).toBe(0);
		await expectAccessible(teammate.page);
		expect(teammate.problems).toEqual([]);
		await teammate.context.close();
	});

	it('edits question rows and shows errors without JavaScript', async () => {
		const http = client(server.origin);
		const token = await signUp(http, newAccount('Noa Nojs'));
		const base = {
			name: 'Plain form',
			description: 'Built without scripts',
			category: 'Other',
			instructions: 'Do the thing.',
			'intake.mode': 'form',
			visibility: 'private',
			status: 'draft',
			questionCount: '1',
			'questions.0.label': 'First question?',
			'questions.0.type': 'short_text'
		};

		const added = await http.post('/assistants/new', { ...base, intent: 'add' }, { cookie: token });
		expect(added.status).toBe(200);
		const addedHtml = await added.text();
		expect(addedHtml).toContain('id="questions-1-label"');
		expect(addedHtml).toContain('value="First question?"');

		const invalid = await http.post(
			'/assistants/new',
			{
				...base,
				questionCount: '2',
				'questions.1.label': 'First question?',
				'questions.1.type': 'short_text',
				intent: 'save'
			},
			{ cookie: token }
		);
		expect(invalid.status).toBe(400);
		const invalidHtml = await invalid.text();
		expect(errorSummary(invalidHtml)).toEqual(['The question "First question?" is asked twice']);
		expect(invalidHtml).toContain('href="#questions-1-label"');

		const saved = await http.post('/assistants/new', { ...base, intent: 'save' }, { cookie: token });
		expect(saved.status).toBe(303);
		const location = saved.headers.get('location') ?? '';
		expect(location).toMatch(/^\/assistants\/[0-9a-f-]{36}$/);
		const page = visibleText(await (await http.get(location, token)).text());
		expect(page).toContain('First question?');
		expect(page).toContain('Draft');
	});

	it('lets an administrator decline, approve and unpublish organisation assistants, and manage any team', async () => {
		const http = client(server.origin);
		const mia = newAccount('Mia Member');
		const miaToken = await signUp(http, mia);
		const fields = {
			name: 'Trust-wide bulletin',
			description: 'Drafts items for the weekly all-staff bulletin',
			category: 'Internal communications',
			instructions: 'Write a bulletin item.',
			'intake.mode': 'none',
			visibility: 'organisation',
			status: 'published',
			questionCount: '0',
			intent: 'save'
		};
		const created = await http.post('/assistants/new', fields, { cookie: miaToken });
		expect(created.status).toBe(303);
		const assistantPath = created.headers.get('location') ?? '';
		const teamCreated = await http.post('/teams?/create', { name: 'Comms hub' }, { cookie: miaToken });
		expect(teamCreated.status).toBe(303);
		const teamPath = teamCreated.headers.get('location') ?? '';
		const lee = newAccount('Lee Colleague');
		const leeToken = await signUp(http, lee);
		await joinTeam(http, teamPath, miaToken, { email: lee.email, cookie: leeToken }, 'editor');

		const { context, page, problems } = await signedIn(adminToken);
		await open(page, '/admin');
		await page.getByRole('link', { name: 'Assistants' }).last().click();
		await page.waitForURL(`${server.origin}/admin/assistants`);
		await expectAccessible(page);
		const pending = page.locator('.nhsuk-card', { hasText: 'Trust-wide bulletin' });
		await page.getByRole('heading', { name: 'Waiting for approval (1)' }).waitFor();
		await pending.locator('summary').click();
		await pending.getByRole('button', { name: 'Decline Trust-wide bulletin' }).click();
		const reasonLink = page.locator('.nhsuk-error-summary a', { hasText: 'Enter a reason for declining' });
		await reasonLink.waitFor();
		expect(await reasonLink.getAttribute('href')).toBe(`#reason-${assistantPath.split('/').pop()}`);
		await expectAccessible(page);
		await page.getByLabel('Reason for declining').fill('Add the bulletin deadline to the instructions');
		await page.getByRole('button', { name: 'Decline Trust-wide bulletin' }).click();
		await page.getByText('“Trust-wide bulletin” was declined').waitFor();

		const seenByMia = visibleText(await (await http.get(assistantPath, miaToken)).text());
		expect(seenByMia).toContain('Declined Reason: Add the bulletin deadline to the instructions');

		// Mia changes it; it goes back to the queue, and this time it is approved, then unpublished.
		const resaved = await http.post(
			`${assistantPath}/edit`,
			{ ...fields, instructions: 'Write a bulletin item. The deadline is Thursday noon.' },
			{ cookie: miaToken }
		);
		expect(resaved.status).toBe(303);
		await open(page, '/admin/assistants');
		// A version shared with the organisation is approved only after an evaluation of it has run.
		// Until then the screen offers a link to run one instead of the Approve button.
		await page.getByRole('link', { name: 'Run an evaluation of version 2 of Trust-wide bulletin' }).waitFor();
		expect(await page.getByRole('button', { name: 'Approve Trust-wide bulletin' }).count()).toBe(0);
		await evaluate(assistantPath.split('/').pop()!, miaToken);
		await open(page, '/admin/assistants');
		await page.getByRole('button', { name: 'Approve Trust-wide bulletin' }).click();
		await page.getByText('“Trust-wide bulletin” is approved and shared with everyone').waitFor();
		// Any organisation assistant can be featured, not only built-in ones.
		await page.getByRole('button', { name: 'Feature Trust-wide bulletin' }).click();
		await page.getByText('“Trust-wide bulletin” is featured').waitFor();
		const featuredRow = page.locator('tr', { hasText: 'Trust-wide bulletin' });
		expect(await featuredRow.locator('.nhsuk-tag', { hasText: 'Featured' }).count()).toBe(1);
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Stop featuring Trust-wide bulletin' }).click();
		await page.getByText('“Trust-wide bulletin” is no longer featured').waitFor();
		await page.getByRole('button', { name: 'Unpublish Trust-wide bulletin' }).click();
		await page.getByText('“Trust-wide bulletin” was unpublished and is back in draft').waitFor();
		expect(await page.getByRole('button', { name: 'Unpublish Trust-wide bulletin' }).count()).toBe(0);
		await expectAccessible(page);

		// Any team, even one the admin is not in.
		await open(page, '/admin');
		await page.getByRole('link', { name: 'Teams' }).last().click();
		await page.waitForURL(`${server.origin}/admin/teams`);
		await expectAccessible(page);
		await page.getByRole('link', { name: 'Comms hub' }).click();
		await page.waitForURL(`${server.origin}${teamPath}`);
		await page.getByText('You are not in this team. As an administrator you can manage its members.').waitFor();
		await expectAccessible(page);
		await page.getByRole('link', { name: 'Remove Lee Colleague from the team' }).click();
		await page.waitForURL(/\/members\/[0-9a-f-]{36}\/remove$/);
		expect(await heading(page)).toBe('Are you sure you want to remove Lee Colleague from Comms hub?');
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Remove member' }).click();
		await page.waitForURL(`${server.origin}${teamPath}`);
		await page.getByText('Lee Colleague was removed from Comms hub').waitFor();
		expect(await page.getByRole('row').filter({ hasText: lee.email }).count()).toBe(0);
		// The last owner cannot be removed: the page says why instead of offering the button.
		await page.getByRole('link', { name: 'Remove Mia Member from the team' }).click();
		await page.waitForURL(/\/members\/[0-9a-f-]{36}\/remove$/);
		await page.getByText('This is the team’s only owner').waitFor();
		expect(await page.getByRole('button', { name: 'Remove member' }).count()).toBe(0);
		await expectAccessible(page);
		expect(problems).toEqual([]);
		await context.close();
	});
});
