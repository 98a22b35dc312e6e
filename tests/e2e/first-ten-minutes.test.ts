/**
 * What a newcomer meets in their first ten minutes, tried the way they would: the sign-up page, the
 * admin's first steps, a collection's slug, the app opened at 127.0.0.1 rather than localhost, and the
 * errors the workspace's own stream client is given. The server has a model configured (no call is
 * made to it) so the checklist can be completed and the stream endpoints validate models.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { launchBrowser, NARROW, newContext, open } from './support/browser';
import {
	acceptStatement,
	client,
	newAccount,
	SESSION_COOKIE,
	sessionToken,
	signUp,
	visibleText,
	type Client
} from './support/http';
import { seedGuidance } from './support/guidance';
import { startServer, type TestServer } from './support/server';

let server: TestServer;
let http: Client;
let browser: Browser;
let adminCookie: string;

beforeAll(async () => {
	// A model is configured but never called: nothing here sends a message that reaches it.
	server = await startServer({ CHAT_MODELS: 'stub-model=Stub model', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' });
	http = client(server.origin);
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

function api(cookie: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
	return fetch(new URL(path, server.origin), {
		method,
		headers: {
			cookie: `${SESSION_COOKIE}=${cookie}`,
			origin: server.origin,
			'content-type': 'application/json',
			accept: 'application/json',
			...headers
		},
		body: body === undefined ? undefined : JSON.stringify(body)
	});
}

describe('signing up', () => {
	it('tells the first person that their account becomes the administrator, and nobody after', async () => {
		const first = visibleText(await (await http.get('/sign-up')).text());
		expect(first).toContain('The first account becomes the administrator');
		adminCookie = await signUp(http, newAccount('Ada Admin'));
		const later = visibleText(await (await http.get('/sign-up')).text());
		expect(later).not.toContain('The first account becomes the administrator');
		expect(later).toContain('Create an account');
	});
});

describe('opening the app by another loopback name', () => {
	const port = () => new URL(server.origin).port;

	it('accepts forms posted from localhost and [::1] when the service is set up for 127.0.0.1', async () => {
		for (const origin of [`http://localhost:${port()}`, `http://[::1]:${port()}`]) {
			const account = newAccount('Lou Loopback');
			const res = await http.post('/sign-up', { ...account }, { origin });
			expect(res.status, origin).toBe(303);
			expect(sessionToken(res), origin).toBeTruthy();
		}
	});

	it('refuses a form from another site with a page that says why and names ORIGIN', async () => {
		const res = await http.post('/sign-in', { email: 'a@nhs.net', password: 'x' }, { origin: 'https://evil.example' });
		expect(res.status).toBe(403);
		expect(res.headers.get('content-type')).toContain('text/html');
		const text = visibleText(await res.text());
		expect(text).toContain('The form could not be sent');
		expect(text).toContain('https://evil.example');
		expect(text).toContain(server.origin);
		expect(text).toContain('ORIGIN');
		expect(text).toMatch(/Error reference: [0-9a-f-]{36}/);
		// Another port on the same machine is another site.
		const otherPort = await http.post(
			'/sign-in',
			{ email: 'a@nhs.net', password: 'x' },
			{ origin: 'http://127.0.0.1:1' }
		);
		expect(otherPort.status).toBe(403);
	});

	it('refuses a cross-site API request as JSON, and a form post with no Origin at all', async () => {
		const res = await api(adminCookie, 'POST', '/api/chats', {}, { origin: 'https://evil.example' });
		expect(res.status).toBe(403);
		expect(await res.json()).toMatchObject({ message: expect.stringContaining('ORIGIN'), errorId: expect.any(String) });
		const noOrigin = await fetch(new URL('/sign-in', server.origin), {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'email=a%40nhs.net&password=x'
		});
		expect(noOrigin.status).toBe(403);
	});
});

describe('errors from /api/ routes are JSON whatever the request accepts', () => {
	it('answers the stream client (Accept: text/event-stream) with the real message', async () => {
		const chat = (await (await api(adminCookie, 'POST', '/api/chats', {})).json()) as { id: string };
		const stream = { accept: 'text/event-stream' };
		const unknownModel = await api(
			adminCookie,
			'POST',
			`/api/chats/${chat.id}/messages`,
			{ content: 'Hello', model: 'no-such-model' },
			stream
		);
		expect(unknownModel.status).toBe(400);
		expect(unknownModel.headers.get('content-type')).toContain('application/json');
		const body = (await unknownModel.json()) as { message: string; errorId: string };
		expect(body.message).toContain('no-such-model');
		expect(body.errorId).toMatch(/[0-9a-f-]{36}/);

		const tooLong = await api(
			adminCookie,
			'POST',
			`/api/chats/${chat.id}/messages`,
			{ content: 'word '.repeat(20_000) },
			stream
		);
		expect(tooLong.status).toBe(400);
		expect(((await tooLong.json()) as { message: string }).message).toContain('Your message is too long');

		const missing = await api(adminCookie, 'GET', '/api/chats/00000000-0000-4000-8000-000000000000', undefined, {
			accept: 'text/html'
		});
		expect(missing.status).toBe(404);
		expect(await missing.json()).toMatchObject({ message: expect.any(String), errorId: expect.any(String) });
	});

	it('refuses to start a chat with an assistant the person may not use (404, no chat made)', async () => {
		const owner = await signUp(http, newAccount('Olive Owner'));
		const created = await api(owner, 'POST', '/api/assistants', {
			name: 'Private helper',
			description: 'Only for Olive',
			category: 'Media and press',
			instructions: 'Write clearly.',
			visibility: 'private',
			intake: { mode: 'none', questions: [] }
		});
		expect(created.status).toBe(201);
		const { id } = (await created.json()) as { id: string };
		const other = await signUp(http, newAccount('Oscar Other'));
		const before = (await (await api(other, 'GET', '/api/chats')).json()) as { chats: unknown[] };
		const refused = await api(other, 'POST', '/api/chats', { assistantId: id });
		expect(refused.status).toBe(404);
		expect(await refused.json()).toMatchObject({ message: 'Assistant not found' });
		const after = (await (await api(other, 'GET', '/api/chats')).json()) as { chats: unknown[] };
		expect(after.chats.length).toBe(before.chats.length);
		expect((await api(owner, 'POST', '/api/chats', { assistantId: id })).status).toBe(201);
	});
});

describe('long unbroken words at 320 px (WCAG 1.4.10 reflow)', () => {
	it('wraps a 120-character word in an assistant and a prompt instead of scrolling sideways', async () => {
		const word = 'https://example.nhs.uk/' + 'averyveryverylongpastedaddress'.repeat(4).slice(0, 97);
		expect(word.length).toBe(120);
		const created = await api(adminCookie, 'POST', '/api/assistants', {
			name: `Helper ${word.slice(0, 60)}`,
			description: `See ${word}`,
			category: 'Media and press',
			instructions: `Use ${word}`,
			visibility: 'private',
			starters: [`Summarise ${word}`],
			intake: { mode: 'none', questions: [] }
		});
		expect(created.status).toBe(201);
		const assistant = (await created.json()) as { id: string };
		const prompt = await api(adminCookie, 'POST', '/api/prompts', {
			title: `Prompt ${word.slice(0, 60)}`,
			body: `Rewrite ${word} for {{audience}}`,
			visibility: 'private'
		});
		expect(prompt.status).toBe(201);
		const { id: promptId } = (await prompt.json()) as { id: string };

		const { context } = await newContext(browser, server.origin, NARROW);
		await context.addCookies([{ name: SESSION_COOKIE, value: adminCookie, url: server.origin }]);
		const page = await context.newPage();
		for (const path of [
			`/assistants/${assistant.id}`,
			`/assistants/${assistant.id}/edit`,
			'/assistants',
			`/prompts/${promptId}`,
			'/prompts'
		]) {
			expect(await open(page, path), path).toBe(200);
			const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
			expect(overflow, `${path} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
		}
		await context.close();
	}, 60_000);
});

describe("the new administrator's first steps", () => {
	it('lists what to do first, ticks each step as it is done, and goes away when all are', async () => {
		const { context } = await newContext(browser, server.origin);
		await context.addCookies([{ name: SESSION_COOKIE, value: adminCookie, url: server.origin }]);
		const page = await context.newPage();
		await open(page, '/admin');
		const steps = page.getByTestId('first-steps');
		await steps.waitFor();
		const status = (id: string) => steps.locator(`[data-step="${id}"] .nhsuk-task-list__status`).innerText();
		// The model is configured and other people have signed up by now; the rest is still to do.
		expect(await status('model')).toBe('Done');
		expect(await status('colleagues')).toBe('Done');
		for (const id of ['guidance', 'guard', 'acceptable-use']) expect(await status(id)).toBe('To do');
		expect(await axeViolations(page), 'admin home with first steps').toEqual([]);

		// A collection's slug is made from its name as the admin types it, and can still be changed.
		await open(page, '/admin/corpus');
		await page.getByLabel('Name', { exact: true }).fill('Trust brand guide & style (2026)');
		expect(await page.getByLabel('Slug').inputValue()).toBe('trust-brand-guide-and-style-2026');
		await page.getByLabel('Slug').fill('brand');
		await page.getByLabel('Name', { exact: true }).fill('Trust brand guide');
		expect(await page.getByLabel('Slug').inputValue()).toBe('brand');
		// Without JavaScript a blank slug is made from the name too.
		const plain = await http.post(
			'/admin/corpus?/createCollection',
			{ name: 'Local campaigns', slug: '', description: '' },
			{ cookie: adminCookie }
		);
		expect(plain.status).toBe(200);
		expect(visibleText(await (await http.get('/admin/corpus', adminCookie)).text())).toContain('local-campaigns');

		await seedGuidance(server.origin, adminCookie, { name: 'Our style', slug: 'our-style' });
		const guard = await http.post(
			'/admin/settings?/saveGuard',
			{ guardMode: 'warn', hospitalNumberPattern: '\\bRX\\d{7}\\b' },
			{ cookie: adminCookie }
		);
		expect([200, 303]).toContain(guard.status);
		await open(page, '/admin');
		expect(await status('guidance')).toBe('Done');
		expect(await status('guard')).toBe('Done');
		expect(await status('acceptable-use')).toBe('To do');

		const published = await http.post(
			'/admin/settings?/publishAcceptableUse',
			{ statement: 'Use NHS Comms Assist for work only. Never enter patient details.' },
			{ cookie: adminCookie }
		);
		expect([200, 303]).toContain(published.status);
		await acceptStatement(http, adminCookie);
		await open(page, '/admin');
		expect(await page.getByTestId('first-steps').count()).toBe(0);
		expect(await page.getByRole('heading', { name: 'Admin', exact: true }).count()).toBe(1);
		await context.close();
	}, 180_000);
});
