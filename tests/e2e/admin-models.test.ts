/**
 * Admin › Models in Chromium: an administrator connects the OpenAI-compatible stub from the browser
 * (its key saved encrypted, never shown again), tests it and watches the reply arrive, chooses the
 * models people see and the default, and a member's chat then answers through that connection. Axe
 * passes on every state.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { axeViolations } from './support/axe';
import { launchBrowser, NARROW, newContext, open, type PageProblems } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp } from './support/http';
import { startServer, type TestServer } from './support/server';

const cacheDir = process.env.E2E_EMBEDDINGS_CACHE_DIR ?? path.join(tmpdir(), 'nca-wink-cache');
const API_KEY = 'sk-e2e-VERY-SECRET-7788';

let stub: OpenAIStub;
let server: TestServer;
let browser: Browser;
let adminCookie: string;
let memberCookie: string;

async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
	expect(await axeViolations(page), label).toEqual([]);
}

async function pageAs(cookie: string): Promise<{ page: Page; problems: PageProblems }> {
	const { context, problems } = await newContext(browser, server.origin);
	await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: server.origin }]);
	return { page: await context.newPage(), problems };
}

beforeAll(async () => {
	stub = await startOpenAIStub();
	stub.requiredKey = API_KEY;
	[server, browser] = await Promise.all([
		startServer({
			SECRETS_KEY: 'e2e-secrets-key-abcdefghijklmnopqrstuvwxyz012345',
			EMBEDDINGS_CACHE_DIR: cacheDir,
			// Unset, so that the embedding model can be chosen on screen (the local embedder until then).
			EMBEDDINGS_PROVIDER: ''
		}),
		launchBrowser()
	]);
	const http = client(server.origin);
	// The first account is the administrator.
	adminCookie = await signUp(http, newAccount('Ada Admin'));
	memberCookie = await signUp(http, newAccount('Mo Member'));
}, 200_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await stub?.close();
});

describe('connecting a model from the browser', () => {
	it('an administrator adds the connection, tests it, chooses the default, and a member’s chat answers through it', async () => {
		const { page, problems } = await pageAs(adminCookie);
		await open(page, '/admin');
		const step = page.getByRole('link', { name: 'Connect a language model' });
		expect(await step.getAttribute('href')).toBe('/admin/models');
		await page.getByRole('link', { name: 'Models', exact: true }).click();
		await page.waitForURL(/\/admin\/models$/);
		await page.waitForLoadState('networkidle');
		expect(await page.getByText('Not connected').count()).toBe(1);
		await expectNoAxeViolations(page, 'models, nothing connected');

		// Add the connection.
		await page.getByLabel('OpenAI-compatible server').check();
		await page.getByLabel('Base URL').fill(stub.baseUrl);
		await page.getByLabel('API key (optional)').fill(API_KEY);
		await page.getByRole('button', { name: 'Save connection' }).click();
		await page.getByText('Connection saved').waitFor();
		expect(await page.getByLabel('API key (optional)').inputValue()).toBe('');
		expect(await page.content()).not.toContain('VERY-SECRET');
		await page.getByText('A key is saved, encrypted').waitFor();
		await expectNoAxeViolations(page, 'models, connection saved');

		// Test it: the models are listed and the reply arrives piece by piece.
		stub.next({
			kind: 'answer',
			chunks: ['I am ', 'working ', 'perfectly.'],
			firstTokenDelayMs: 200,
			chunkDelayMs: 600
		});
		await page.getByRole('button', { name: 'Test connection' }).click();
		const reply = page.getByTestId('test-reply');
		await reply.getByText('I am', { exact: false }).waitFor();
		expect(await reply.textContent()).not.toContain('perfectly');
		await page.getByText('The connection works.').waitFor();
		expect(await reply.textContent()).toBe('I am working perfectly.');
		expect(await page.getByText('The server offers 2 models: stub-large, stub-model.').count()).toBe(1);
		await expectNoAxeViolations(page, 'models, tested');

		// Choose the models people see, a label and the default.
		await page.getByLabel('People can choose stub-model').check();
		await page.getByLabel('Label people see for stub-model').fill('Stub for everyone');
		await page.getByLabel('People can choose stub-large').check();
		await page.getByLabel('New chats use stub-model (the default)').check();
		await page.getByRole('button', { name: 'Save models' }).click();
		await page.getByText('People can now choose 2 models; new chats use Stub for everyone.').waitFor();
		expect(await page.getByText('Connected', { exact: true }).count()).toBe(1);
		await expectNoAxeViolations(page, 'models, chosen');
		expect(problems).toEqual([]);

		// A member's chat answers through the saved connection, with the chosen default.
		const member = await pageAs(memberCookie);
		await open(member.page, '/');
		stub.next({ kind: 'answer', chunks: ['Hello from ', 'the connection saved on screen.'] });
		const box = member.page.getByLabel('What do you need to write?');
		await box.fill('Write a one-line hello');
		await box.press('Enter');
		await member.page.waitForURL(/\/chats\/[0-9a-f-]{36}$/);
		await member.page
			.locator('.app-answer')
			.last()
			.getByText('the connection saved on screen', { exact: false })
			.waitFor();
		await member.page
			.locator('[aria-live="polite"]')
			.filter({ hasText: 'Answer complete' })
			.waitFor({ state: 'attached' });
		const streamed = stub.requests.filter((r) => r.stream).at(-1);
		expect(streamed).toMatchObject({ model: 'stub-model', headers: { authorization: `Bearer ${API_KEY}` } });
		await expectNoAxeViolations(member.page, 'member chat through the saved connection');
		expect(member.problems).toEqual([]);
	}, 90_000);

	it('passes axe at 320px, and the plain form post (no JavaScript) shows a test result', async () => {
		const { context } = await newContext(browser, server.origin, NARROW);
		await context.addCookies([{ name: SESSION_COOKIE, value: adminCookie, url: server.origin }]);
		const page = await context.newPage();
		await open(page, '/admin/models');
		await expectNoAxeViolations(page, 'models at 320px');
		await context.close();

		stub.next({ kind: 'answer', chunks: ['Plain form reply.'] });
		const res = await client(server.origin).post('/admin/models?/test', { model: '' }, { cookie: adminCookie });
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain('Plain form reply.');
		expect(html).toContain('The connection works.');
		expect(html).not.toContain('VERY-SECRET');
	});

	it('the embedding model: switched to the stub, tested, and the library re-embedded with visible progress', async () => {
		// A small library, embedded by the local embedder.
		const http = client(server.origin);
		const created = await http.post(
			'/admin/corpus?/createCollection',
			{ name: 'Embedding check', slug: 'embedding-check', description: '' },
			{ cookie: adminCookie }
		);
		expect(created.status).toBe(200);
		const form = new FormData();
		form.append('collection', 'embedding-check');
		form.append(
			'files',
			new Blob(['# Flu\n\nThe flu vaccine is free at a pharmacy.'], { type: 'text/markdown' }),
			'flu.md'
		);
		const uploaded = await fetch(new URL('/admin/corpus/upload', server.origin), {
			method: 'POST',
			redirect: 'manual',
			headers: { accept: 'text/html', origin: server.origin, cookie: `${SESSION_COOKIE}=${adminCookie}` },
			body: form
		});
		expect(uploaded.status).toBe(303);
		const uploadJob = uploaded.headers.get('location')!.match(/[0-9a-f-]{36}/)![0];
		for (let i = 0; i < 100; i++) {
			const res = await fetch(new URL(`/api/admin/jobs/${uploadJob}`, server.origin), {
				headers: { cookie: `${SESSION_COOKIE}=${adminCookie}` }
			});
			if (((await res.json()) as { status: string }).status === 'succeeded') break;
			await new Promise((r) => setTimeout(r, 200));
		}

		const { page, problems } = await pageAs(adminCookie);
		await open(page, '/admin/models');
		const section = page.locator('section[aria-labelledby="embeddings-heading"]');
		await section.getByText('In use: local:', { exact: false }).waitFor();

		await section.getByLabel('An OpenAI-compatible embedding server').check();
		await section.locator('#embBaseUrl').fill(stub.baseUrl);
		await section.locator('#embModel').fill('stub-embed');
		await section.locator('#embApiKey').fill(API_KEY);
		await section.getByRole('button', { name: 'Save embedding model' }).click();
		await page.getByText('Embedding model saved', { exact: false }).waitFor();
		expect(await section.locator('#embApiKey').inputValue()).toBe('');
		expect(await page.content()).not.toContain('VERY-SECRET');

		await section.getByRole('button', { name: 'Test embedding model' }).click();
		await section.getByText('returned vectors of 8 dimensions', { exact: false }).waitFor();
		await expectNoAxeViolations(page, 'models, embedding model saved and tested');

		await section.getByRole('button', { name: 'Re-embed the library now' }).click();
		const progress = page.getByRole('progressbar', { name: /Re-embedding/ });
		await progress.waitFor();
		await page.getByText(/Re-embedding finished: \d+ passages re-embedded/).waitFor({ timeout: 60_000 });
		await page
			.locator('[aria-live="polite"]')
			.filter({ hasText: 'Re-embedding finished.' })
			.waitFor({ state: 'attached' });
		expect(stub.embeddingRequests.some((r) => r.model === 'stub-embed')).toBe(true);
		await expectNoAxeViolations(page, 'models, re-embedding finished');
		expect(problems).toEqual([]);
	}, 120_000);

	it('a member cannot open Admin › Models or run a test', async () => {
		const http = client(server.origin);
		expect((await http.get('/admin/models', memberCookie)).status).toBe(403);
		const res = await fetch(new URL('/api/admin/models/test', server.origin), {
			method: 'POST',
			headers: {
				cookie: `${SESSION_COOKIE}=${memberCookie}`,
				'content-type': 'application/json',
				origin: server.origin
			},
			body: '{}'
		});
		expect(res.status).toBe(403);
	});
});
