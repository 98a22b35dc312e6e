/**
 * Draft checks in Chromium: a member checks a draft on "Check my text" and sees style and
 * inclusive-language findings with links to the guidance; the same works without JavaScript; an
 * administrator turns a rule off and it stops being applied; an invalid pattern is refused. Every
 * screen passes axe (WCAG 2.2 AA).
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { axeViolations } from './support/axe';
import { launchBrowser, newContext, open, type PageProblems } from './support/browser';
import { client, errorSummary, newAccount, SESSION_COOKIE, signUp, visibleText, type Client } from './support/http';
import { startServer, type TestServer } from './support/server';

const DRAFT =
	"Don't forget: the chemist is open on 06/08/2026.\n\nElderly people and diabetics can get the vaccine. Dr Shah helps people who use illegal drugs.";

let stub: OpenAIStub;
let server: TestServer;
let browser: Browser;
let http: Client;
let adminCookie: string;
let memberCookie: string;
let member: { context: BrowserContext; problems: PageProblems };
let admin: { context: BrowserContext; problems: PageProblems };

const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

beforeAll(async () => {
	stub = await startOpenAIStub();
	[server, browser] = await Promise.all([
		startServer({ OPENAI_BASE_URL: stub.baseUrl, OPENAI_API_KEY: 'test', CHAT_MODELS: 'stub-model=Stub model' }),
		launchBrowser()
	]);
	http = client(server.origin);
	adminCookie = await signUp(http, newAccount('Ada Lovelace'));
	memberCookie = await signUp(http, newAccount('Bob Smith'));
	member = await newContext(browser, server.origin);
	await member.context.addCookies([{ name: SESSION_COOKIE, value: memberCookie, url: server.origin }]);
	admin = await newContext(browser, server.origin);
	await admin.context.addCookies([{ name: SESSION_COOKIE, value: adminCookie, url: server.origin }]);
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await stub?.close();
});

describe('checking a draft', () => {
	it('shows reading age and style and inclusive-language findings with links to the guidance', async () => {
		const page = await member.context.newPage();
		await open(page, '/');
		await page.getByRole('link', { name: 'Check my text' }).first().click();
		await page.waitForURL(`${server.origin}/check`);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Check my text');
		expect(await axeViolations(page)).toEqual([]);

		await page.getByLabel('Your text').fill(DRAFT);
		await page.getByRole('button', { name: 'Check text' }).click();
		await page.getByRole('heading', { name: 'Check results' }).waitFor();
		expect(squash(await page.locator('.nhsuk-summary-list').first().textContent())).toMatch(
			/Reading age \d+ .*Flesch-Kincaid grade level \+ 5/
		);

		const inclusive = page.getByRole('region', { name: /Inclusive language/ });
		expect(squash(await inclusive.textContent())).toContain('diabetics');
		const elderly = inclusive.locator('[data-rule-id="inclusive.elderly"]');
		expect(squash(await elderly.locator('mark').textContent())).toBe('Elderly');
		expect(squash(await elderly.textContent())).toContain('Suggestion: adults aged 65 and over');
		const ageLink = elderly.getByRole('link', { name: 'Inclusive language for age' });
		expect(await ageLink.getAttribute('href')).toBe('https://service-manual.nhs.uk/content/inclusive-content');

		const words = page.getByRole('region', { name: /NHS words/ });
		const chemist = words.locator('[data-rule-id="az.chemist"]');
		expect(squash(await chemist.locator('mark').textContent())).toBe('chemist');
		expect(await chemist.getByRole('link', { name: 'A to Z of NHS health words part 1' }).count()).toBe(1);
		expect(await page.locator('[data-rule-id="az.drugs"]').count()).toBe(0);

		const style = page.getByRole('region', { name: /Content style/ });
		expect(squash(await style.locator('[data-rule-id="style.contraction-dont"] mark').textContent())).toBe("Don't");
		expect(await page.locator('[data-rule-id="numbers.date-numeric"]').count()).toBe(1);
		// The text stays in the box to edit.
		expect(await page.getByLabel('Your text').inputValue()).toBe(DRAFT);

		expect(await axeViolations(page)).toEqual([]);
		expect(member.problems).toEqual([]);
		await page.close();
	}, 60_000);

	it('shows the personal data in the text as well, with a version using placeholders', async () => {
		const page = await member.context.newPage();
		await open(page, '/check');
		const text =
			'Reply to Mrs Jones (NHS number 943 476 5919) about her complaint. Sarah Jones will call her back.\n\nMedia contact\nPress office: 020 7946 0958\nEmail: press.office@example.nhs.uk';
		await page.getByLabel('Your text').fill(text);
		await page.getByRole('button', { name: 'Check text' }).click();
		const region = page.getByRole('region', { name: 'Personal data' });
		await region.waitFor();
		expect(squash(await region.locator('#personal-data-summary').textContent())).toContain(
			"This text may contain 1 NHS number and 2 people's names."
		);
		expect(await region.locator('[data-kind="name"] mark').allTextContents()).toEqual(['Jones', 'Sarah Jones']);
		expect(await region.locator('[data-kind="nhs_number"] mark').allTextContents()).toEqual(['943 476 5919']);
		// The press office's number and mailbox are how a release ends: not flagged.
		expect(await region.locator('[data-kind="phone"], [data-kind="email"]').count()).toBe(0);
		expect(await page.getByLabel('The same text with placeholders').inputValue()).toBe(
			text
				.replace('Mrs Jones', 'Mrs [Person 1]')
				.replace('943 476 5919', '[NHS number]')
				.replace('Sarah Jones', '[Person 1]')
		);
		expect(await axeViolations(page)).toEqual([]);
		expect(member.problems).toEqual([]);
		await page.close();
	}, 60_000);

	it('checks an answer in the chat with "Check" in its action bar', async () => {
		const page = await member.context.newPage();
		await open(page, '/');
		stub.next({ kind: 'answer', chunks: ['Our clinic helps the elderly. ', "Don't forget your appointment."] });
		const box = page.getByLabel('What do you need to write?');
		await box.fill('Write a short reminder about our clinic');
		await box.press('Enter');
		await page.waitForURL(/\/chats\/[0-9a-f-]{36}$/);
		await page.locator('[aria-live="polite"]').filter({ hasText: 'Answer complete' }).waitFor({ state: 'attached' });
		const answer = page.locator('.app-answer').last();
		const button = answer.getByRole('button', { name: 'Check', exact: true });
		expect(await button.getAttribute('aria-expanded')).toBe('false');
		await button.click();
		const panel = answer.locator('.app-answer-check__panel');
		await panel.getByRole('heading', { name: 'Check results' }).waitFor();
		expect(await button.getAttribute('aria-expanded')).toBe('true');
		expect(squash(await panel.locator('[data-rule-id="inclusive.elderly"] mark').textContent())).toBe('the elderly');
		expect(await panel.getByRole('link', { name: 'Inclusive language for age' }).count()).toBe(1);
		expect(await panel.locator('[data-rule-id="style.contraction-dont"]').count()).toBe(1);
		expect(await axeViolations(page)).toEqual([]);
		expect(member.problems).toEqual([]);
		await page.close();
	}, 90_000);

	it('works without JavaScript, and asks for text when the box is empty', async () => {
		const res = await http.post('/check', { text: DRAFT }, { cookie: memberCookie });
		expect(res.status).toBe(200);
		const text = visibleText(await res.text());
		expect(text).toContain('Check results');
		expect(text).toContain('Inclusive language for age');
		expect(text).toContain("Person's name (1)");
		const empty = await http.post('/check', { text: '  ' }, { cookie: memberCookie });
		expect(empty.status).toBe(400);
		expect(errorSummary(await empty.text())).toEqual(['Enter some text to check']);
	});
});

describe('an administrator curating rules', () => {
	it('refuses an invalid pattern with a clear error', async () => {
		// Its own context: the refused form post answers 400, which the browser logs as a failed load.
		const refused = await newContext(browser, server.origin);
		await refused.context.addCookies([{ name: SESSION_COOKIE, value: adminCookie, url: server.origin }]);
		const page = await refused.context.newPage();
		await open(page, '/admin/rules/new');
		await page.getByLabel('Rule ID').fill('local.broken');
		await page.getByLabel('Category').selectOption({ label: 'NHS words (A to Z)' });
		await page.getByLabel('Pattern').fill('(unclosed');
		await page.getByLabel('Why it is a problem').fill('Testing');
		await page.getByRole('button', { name: 'Save rule' }).click();
		await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
		const problems = squash(await page.locator('.nhsuk-error-summary').textContent());
		expect(problems).toContain('The pattern is not a valid regular expression');
		expect(problems).toContain('Choose the guidance document this rule comes from');
		expect(await page.getByLabel('Pattern').inputValue()).toBe('(unclosed');
		expect(await axeViolations(page)).toEqual([]);
		await refused.context.close();
	}, 60_000);

	it('turns a rule off from the list, and checks stop applying it', async () => {
		const page = await admin.context.newPage();
		await open(page, '/admin');
		await page.getByRole('link', { name: 'Draft-check rules' }).click();
		await page.waitForURL(`${server.origin}/admin/rules`);
		expect(await axeViolations(page)).toEqual([]);
		await page.getByLabel('Category').selectOption({ label: 'Inclusive language' });
		await page.getByRole('button', { name: 'Filter rules' }).click();
		await page.waitForURL(/category=inclusive/);
		const row = page.getByRole('row').filter({ hasText: 'inclusive.elderly' });
		await row.getByRole('button', { name: 'Turn off rule inclusive.elderly' }).click();
		await page.getByText('Rule inclusive.elderly turned off').waitFor();
		expect(squash(await row.locator('.nhsuk-tag').textContent())).toBe('Off');

		await open(page, '/admin/rules/inclusive.elderly');
		expect(await page.getByLabel('Rule is on (used in draft checks)').isChecked()).toBe(false);
		expect(await axeViolations(page)).toEqual([]);
		expect(admin.problems).toEqual([]);
		await page.close();

		const res = await fetch(new URL('/api/check/draft', server.origin), {
			method: 'POST',
			headers: {
				cookie: `${SESSION_COOKIE}=${memberCookie}`,
				'content-type': 'application/json',
				origin: server.origin
			},
			body: JSON.stringify({ text: DRAFT })
		});
		expect(res.status).toBe(200);
		const body = (await res.json()) as { findings: { ruleId: string }[] };
		const ids = body.findings.map((f) => f.ruleId);
		expect(ids).not.toContain('inclusive.elderly');
		expect(ids).toContain('inclusive.diabetic');
	}, 60_000);
});
