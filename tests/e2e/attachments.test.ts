/**
 * Attachments against the built app: the API over HTTP with real session cookies (someone else's chat
 * or file is 404 everywhere, an oversized upload is a JSON 413), and in Chromium: attach a Word file
 * and ask for a summary, attach a Teams transcript and get minutes with actions (from the stub), a
 * file over the limit refused in the browser before sending, and axe on each state.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDocx, text } from '../helpers/attachment-files';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { axeViolations } from './support/axe';
import { launchBrowser, newContext, open, type PageProblems } from './support/browser';
import { client, newAccount, SESSION_COOKIE, signUp } from './support/http';
import { startServer, type TestServer } from './support/server';

const cacheDir = process.env.E2E_EMBEDDINGS_CACHE_DIR ?? path.join(tmpdir(), 'nca-wink-cache');

let stub: OpenAIStub;
let server: TestServer;
let browser: Browser;
let alice: string;
let bob: string;
let person: { context: BrowserContext; problems: PageProblems };

const VTT = [
	'WEBVTT',
	'',
	'00:00:01.000 --> 00:00:05.000',
	'<v Priya Shah>Welcome to the winter vaccination workshop.</v>',
	'',
	'00:00:05.000 --> 00:00:09.000',
	'<v Tom Reid>I will draft the staff briefing by Friday.</v>'
].join('\n');

/** An API call as the signed-in person (JSON, or a file as multipart/form-data). */
async function api(
	cookie: string,
	method: string,
	url: string,
	body?: unknown,
	file?: { name: string; bytes: Uint8Array }
) {
	const headers: Record<string, string> = { cookie: `${SESSION_COOKIE}=${cookie}`, origin: server.origin };
	let payload: BodyInit | undefined;
	if (file) {
		const form = new FormData();
		form.append('file', new File([new Uint8Array(file.bytes)], file.name));
		payload = form;
	} else if (body !== undefined) {
		headers['content-type'] = 'application/json';
		payload = JSON.stringify(body);
	}
	return fetch(new URL(url, server.origin), { method, headers, body: payload });
}

async function newChat(cookie: string): Promise<string> {
	const res = await api(cookie, 'POST', '/api/chats', {});
	expect(res.status).toBe(201);
	return ((await res.json()) as { id: string }).id;
}

async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
	expect(await axeViolations(page), label).toEqual([]);
}

beforeAll(async () => {
	stub = await startOpenAIStub();
	[server, browser] = await Promise.all([
		startServer({
			OPENAI_BASE_URL: stub.baseUrl,
			OPENAI_API_KEY: 'test',
			CHAT_MODELS: 'stub-model=Stub model',
			EMBEDDINGS_CACHE_DIR: cacheDir,
			MAX_ATTACHMENT_MB: '1',
			BODY_SIZE_LIMIT: '10M'
		}),
		launchBrowser()
	]);
	const http = client(server.origin);
	alice = await signUp(http, newAccount('Alice Attacher'));
	bob = await signUp(http, newAccount('Bob Other'));
	person = await newContext(browser, server.origin);
	await person.context.addCookies([{ name: SESSION_COOKIE, value: alice, url: server.origin }]);
}, 200_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await stub?.close();
});

describe('the attachments API over HTTP', () => {
	it('keeps each person’s chats and files to themselves, and answers problems as JSON', async () => {
		const chatId = await newChat(alice);
		const created = await api(alice, 'POST', `/api/chats/${chatId}/attachments`, undefined, {
			name: 'workshop.vtt',
			bytes: text(VTT)
		});
		expect(created.status).toBe(201);
		const file = (await created.json()) as { id: string; kind: string };
		expect(file.kind).toBe('transcript');

		const bobChat = await newChat(bob);
		const asBob = [
			await api(bob, 'GET', `/api/chats/${chatId}/attachments`),
			await api(bob, 'POST', `/api/chats/${chatId}/attachments`, undefined, { name: 'x.txt', bytes: text('hi') }),
			await api(bob, 'DELETE', `/api/chats/${chatId}/attachments/${file.id}`),
			await api(bob, 'DELETE', `/api/chats/${bobChat}/attachments/${file.id}`),
			await api(bob, 'POST', `/api/chats/${chatId}/attachments/${file.id}/redact`),
			await api(bob, 'POST', `/api/chats/${bobChat}/messages`, { content: 'Summarise', attachmentIds: [file.id] })
		];
		expect(asBob.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
		expect(stub.requests.length).toBe(0);

		const big = await api(alice, 'POST', `/api/chats/${chatId}/attachments`, undefined, {
			name: 'big.txt',
			bytes: text('word '.repeat(300_000))
		});
		expect(big.status).toBe(413);
		expect(((await big.json()) as { message: string }).message).toMatch(/over the 1 MB limit for attachments/);
		const image = await api(alice, 'POST', `/api/chats/${chatId}/attachments`, undefined, {
			name: 'photo.txt',
			bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3])
		});
		expect(image.status).toBe(415);
		expect(((await image.json()) as { message: string }).message).toMatch(/JPEG image/);

		const listed = (await (await api(alice, 'GET', `/api/chats/${chatId}/attachments`)).json()) as {
			attachments: { id: string }[];
		};
		expect(listed.attachments.map((a) => a.id)).toEqual([file.id]);
		expect((await api(alice, 'DELETE', `/api/chats/${chatId}/attachments/${file.id}`)).status).toBe(204);
	}, 60_000);
});

describe('a drafter working from their own files', () => {
	it('attaches a Word document and asks for a summary with cited passages', async () => {
		const page = await person.context.newPage();
		await open(page, '/');
		await page.getByRole('button', { name: 'Start a chat with your files' }).click();
		await page.waitForURL(/\/chats\/[0-9a-f-]{36}#attachment-input$/);
		const docx = await makeDocx([
			{ heading: true, text: 'Board paper: winter plan' },
			{ text: 'Flu vaccination uptake among frontline staff rose to 71 percent this winter.' }
		]);
		await page.getByLabel('Attach files').setInputFiles({
			name: 'board-paper.docx',
			mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			buffer: Buffer.from(docx)
		});
		const chip = page.getByTestId('attachment-chip').filter({ hasText: 'board-paper.docx' });
		// Reading and indexing the file (the first one also loads the embedding model) can take a while
		// on a busy machine; the test's own timeout still bounds it.
		await chip.getByText('Attached', { exact: true }).waitFor({ timeout: 60_000 });
		await page
			.getByTestId('attachment-status')
			.filter({ hasText: 'board-paper.docx attached.' })
			.waitFor({ state: 'attached' });
		await expectNoAxeViolations(page, 'chat with an attached file');

		stub.next({ kind: 'answer', chunks: ['Summary: staff flu vaccine uptake reached 71% [1].'] });
		const before = stub.requests.length;
		await page.getByLabel('Your message').fill('Summarise this board paper for a staff briefing');
		await page.getByRole('button', { name: 'Send' }).click();
		const answer = page.locator('.app-answer').last();
		await answer.getByText('Summary: staff flu vaccine uptake', { exact: false }).waitFor();
		await page.locator('[aria-live="polite"]').filter({ hasText: 'Answer complete' }).waitFor({ state: 'attached' });
		const sent = stub.requests.slice(before).find((r) => r.stream)!;
		expect(sent.messages.map((m) => m.content).join('\n')).toContain('rose to 71 percent');
		await answer.getByRole('button', { name: 'Source [1]' }).click();
		const dialog = page.getByRole('dialog');
		await dialog.waitFor();
		expect(await dialog.textContent()).toContain('board-paper.docx');
		await expectNoAxeViolations(page, 'attachment passage open');
		await page.keyboard.press('Escape');
		expect(person.problems).toEqual([]);
		await page.close();
	}, 90_000);

	it('attaches a Teams transcript and gets minutes with actions', async () => {
		const chatId = await newChat(alice);
		const page = await person.context.newPage();
		await open(page, `/chats/${chatId}`);
		await page
			.getByLabel('Attach files')
			.setInputFiles({ name: 'workshop.vtt', mimeType: 'text/vtt', buffer: Buffer.from(VTT) });
		await page.getByTestId('attachment-chip').getByText('Transcript', { exact: false }).waitFor({ timeout: 60_000 });
		stub.next({
			kind: 'answer',
			chunks: [
				'## Minutes\n\nThe workshop covered winter vaccination [1].\n\n',
				'## Actions\n\n- Tom Reid: draft the staff briefing by Friday [1]'
			]
		});
		const before = stub.requests.length;
		await page.getByLabel('Your message').fill('Turn this transcript into minutes and actions');
		await page.getByRole('button', { name: 'Send' }).click();
		const answer = page.locator('.app-answer').last();
		await answer.getByRole('heading', { name: 'Actions' }).waitFor();
		expect(await answer.textContent()).toContain('Tom Reid: draft the staff briefing by Friday');
		const sent = stub.requests.slice(before).find((r) => r.stream)!;
		expect(sent.messages.map((m) => m.content).join('\n')).toContain(
			'[00:00:05] Tom Reid: I will draft the staff briefing by Friday.'
		);
		await expectNoAxeViolations(page, 'minutes from a transcript');
		await page.close();
	}, 90_000);

	it('refuses a file over the limit before sending it, and removes chips from the keyboard', async () => {
		const chatId = await newChat(alice);
		const page = await person.context.newPage();
		await open(page, `/chats/${chatId}`);
		await page.getByLabel('Attach files').setInputFiles({
			name: 'huge.txt',
			mimeType: 'text/plain',
			buffer: Buffer.alloc(2 * 1024 * 1024, 'a')
		});
		const chip = page.getByTestId('attachment-chip').filter({ hasText: 'huge.txt' });
		await chip.getByText('Not attached').waitFor();
		expect(await chip.textContent()).toMatch(/over the 1\.0 MB limit/);
		const listed = (await (await api(alice, 'GET', `/api/chats/${chatId}/attachments`)).json()) as {
			attachments: unknown[];
		};
		expect(listed.attachments).toEqual([]);
		await expectNoAxeViolations(page, 'a refused file');
		await chip.getByRole('button', { name: 'Remove huge.txt' }).focus();
		await page.keyboard.press('Enter');
		await chip.waitFor({ state: 'detached' });
		await page.getByTestId('attachment-status').filter({ hasText: 'huge.txt removed.' }).waitFor({ state: 'attached' });
		await page.close();
	}, 60_000);
});
