/**
 * The guidance library, as an administrator curates it in Chromium (upload a mixed batch, publish,
 * try retrieval, delete) and over plain HTTP, and as members and signed-out people are kept out of it.
 * Every corpus screen passes axe (WCAG 2.2 AA) at 1280px and 320px without sideways scrolling.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { DESKTOP, launchBrowser, NARROW, newContext, open, type PageProblems } from './support/browser';
import { client, errorSummary, newAccount, SESSION_COOKIE, signUp, visibleText, type Client } from './support/http';
import { startServer, type TestServer } from './support/server';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/ingestion');
const MIME: Record<string, string> = {
	'.md': 'text/markdown',
	'.html': 'text/html',
	'.pdf': 'application/pdf',
	'.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	'.txt': 'text/plain'
};

/** A fixture file, optionally under another name (two fixtures share the base name "guidance"). */
function fixture(name: string, as = name): { name: string; mimeType: string; buffer: Buffer } {
	return { name: as, mimeType: MIME[path.extname(as)], buffer: readFileSync(path.join(fixtures, name)) };
}

const BATCH = [
	fixture('inclusive-language.md'),
	fixture('noisy-page.html'),
	fixture('guidance.pdf', 'talking-about-vaccination.pdf'),
	fixture('guidance.docx', 'writing-for-social-media.docx'),
	fixture('truncated.pdf', 'damaged-leaflet.pdf')
];
/** Different wording from the passage it should find ("older people", "the elderly", "pensioners"). */
const QUESTION = 'how to refer to senior citizens';

let server: TestServer;
let browser: Browser;
let http: Client;
let adminCookie: string;
let memberCookie: string;
let admin: { context: BrowserContext; problems: PageProblems };
const found = { jobId: '', guideId: '', otherIds: [] as string[] };

const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
const uuidIn = (url: string) => url.match(/[0-9a-f-]{36}/)?.[0] ?? '';

/** A multipart form post as a browser without JavaScript sends it. */
function postFiles(
	pathname: string,
	fields: Record<string, string>,
	files: ReturnType<typeof fixture>[],
	cookie: string
) {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) form.append(k, v);
	for (const f of files) form.append('files', new Blob([new Uint8Array(f.buffer)], { type: f.mimeType }), f.name);
	return fetch(new URL(pathname, server.origin), {
		method: 'POST',
		redirect: 'manual',
		headers: { accept: 'text/html', origin: server.origin, cookie: `${SESSION_COOKIE}=${cookie}` },
		body: form
	});
}

async function adminPage(): Promise<Page> {
	return admin.context.newPage();
}

beforeAll(async () => {
	[server, browser] = await Promise.all([
		startServer({
			BODY_SIZE_LIMIT: '25M',
			// The local embedder converts its word vectors once; share the result between runs.
			EMBEDDINGS_CACHE_DIR: process.env.E2E_EMBEDDINGS_CACHE_DIR ?? path.join(tmpdir(), 'nca-wink-cache')
		}),
		launchBrowser()
	]);
	http = client(server.origin);
	adminCookie = await signUp(http, newAccount('Ada Lovelace'));
	memberCookie = await signUp(http, newAccount('Bob Smith'));
	admin = await newContext(browser, server.origin);
	await admin.context.addCookies([{ name: SESSION_COOKIE, value: adminCookie, url: server.origin }]);
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('an administrator curating the guidance library', () => {
	it('creates a collection, uploads a mixed batch in the browser and sees what happened to each file', async () => {
		const page = await adminPage();
		await open(page, '/admin');
		await page.getByRole('link', { name: 'Guidance library' }).click();
		await page.waitForURL(`${server.origin}/admin/corpus`);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Guidance library');

		await page.getByLabel('Name', { exact: true }).fill('Campaign guidance');
		await page.getByLabel('Slug').fill('campaign-guidance');
		await page.getByLabel('Description (optional)').fill('Guidance for this winter’s campaigns');
		await page.getByRole('button', { name: 'Create collection' }).click();
		await page.getByRole('alert').getByText('Collection “Campaign guidance” created').waitFor();
		const row = page.getByRole('row').filter({ hasText: 'campaign-guidance' });
		expect(squash(await row.textContent())).toContain('Guidance for this winter’s campaigns');

		await page.getByRole('link', { name: 'Upload documents' }).click();
		await page.waitForURL(`${server.origin}/admin/corpus/upload`);
		await page.getByLabel('Collection').selectOption({ label: 'Campaign guidance' });
		await page.getByLabel('Files').setInputFiles(BATCH);
		await page.getByRole('heading', { name: '5 files chosen' }).waitFor();
		await page.getByLabel('Save as draft (do not publish yet)').check();
		await page.getByRole('button', { name: 'Upload files' }).click();

		await page.waitForURL(/\/admin\/corpus\/jobs\/[0-9a-f-]{36}$/);
		found.jobId = uuidIn(page.url());
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Upload of 5 files');
		// Announced once, politely, when the background job ends (the first run may convert the word vectors).
		await page
			.getByRole('status')
			.filter({ hasText: 'Upload finished: 4 added, 1 failed' })
			.waitFor({ timeout: 150_000 });
		expect(squash(await page.locator('#job-progress-text').textContent())).toBe('5 of 5 files processed');
		expect(
			await page
				.locator('progress[aria-labelledby="job-progress-text"]')
				.evaluate((p) => (p as HTMLProgressElement).value)
		).toBe(5);

		for (const file of BATCH.slice(0, 4)) {
			const fileRow = page.getByRole('row').filter({ hasText: file.name });
			expect(squash(await fileRow.locator('.nhsuk-tag').textContent())).toBe('Added');
			expect(squash(await fileRow.textContent())).toMatch(/added as ".+" with \d+ passages/);
		}
		const broken = page.getByRole('row').filter({ hasText: 'damaged-leaflet.pdf' });
		expect(squash(await broken.locator('.nhsuk-tag').textContent())).toBe('Failed');
		expect(squash(await broken.textContent())).toMatch(/damaged-leaflet\.pdf: .*damaged/);
		expect(await broken.getByRole('link').count()).toBe(0);

		const links = page.getByRole('link', { name: /^View document/ });
		const ids = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
		expect(ids).toHaveLength(4);
		found.guideId = uuidIn(ids[0]);
		found.otherIds = ids.slice(1).map(uuidIn);
		expect(admin.problems).toEqual([]);
		await page.close();
	}, 180_000);

	it('publishes a draft, which Try retrieval then finds from a question worded differently', async () => {
		const page = await adminPage();
		const search = async () => {
			await open(page, '/admin/corpus/try');
			await page.getByLabel('Question or wording to search for').fill(QUESTION);
			await page.getByLabel('Campaign guidance').check();
			await page.getByLabel('Passages to show for each kind of search').selectOption('5');
			await page.getByRole('button', { name: 'Search' }).click();
			await page.getByRole('heading', { name: `Results for “${QUESTION}”` }).waitFor();
		};

		// Drafts are never searched.
		await search();
		await page.getByText('No published passages match this search.').waitFor();

		// The rest of the batch is published over plain HTTP, so the guide has competition.
		for (const id of found.otherIds) {
			const res = await http.post(
				`/admin/corpus/documents/${id}?/status`,
				{ status: 'published' },
				{ cookie: adminCookie }
			);
			expect(res.status).toBe(200);
		}

		await open(page, `/admin/corpus/documents/${found.guideId}`);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Inclusive language guide');
		const status = page.locator('.nhsuk-summary-list__row').filter({ hasText: 'Status' });
		expect(squash(await status.locator('dd').textContent())).toBe('Draft');
		await page.getByRole('button', { name: 'Publish' }).click();
		await page.getByRole('alert').getByText('“Inclusive language guide” is now published').waitFor();
		expect(squash(await status.locator('dd').textContent())).toBe('Published');

		// An impossible review date is explained; a past one is flagged in words, not colour alone.
		await page.getByLabel('Day').fill('31');
		await page.getByLabel('Month').fill('2');
		await page.getByLabel('Year').fill('2027');
		await page.getByRole('button', { name: 'Save details' }).click();
		const summary = page.locator('.nhsuk-error-summary');
		await summary.getByText('Review-by date must be a real date').waitFor();
		await expect.poll(() => summary.evaluate((el) => el === document.activeElement)).toBe(true);
		expect(await page.title()).toBe('Error: Inclusive language guide – Guidance library – NHS Comms Assist');
		await page.getByLabel('Day').fill('1');
		await page.getByLabel('Month').fill('1');
		await page.getByLabel('Year').fill('2020');
		await page.getByRole('button', { name: 'Save details' }).click();
		await page.getByRole('alert').getByText('Details of “Inclusive language guide” saved').waitFor();
		const reviewBy = page.locator('.nhsuk-summary-list__row').filter({ hasText: 'Review by' });
		expect(squash(await reviewBy.locator('dd').innerText())).toBe('1 January 2020 Review overdue');

		await search();
		const hybrid = page.getByRole('region', { name: 'Hybrid' });
		const vector = page.getByRole('region', { name: 'Meaning (vector)' });
		const keyword = page.getByRole('region', { name: 'Keyword' });
		// No word of the question is in the guide: meaning finds it first, and keyword search finds it only
		// through the NHS synonym list ("senior citizens" is a synonym of "older people"), in another passage.
		expect(await vector.getByRole('listitem').first().getByRole('link').textContent()).toBe('Inclusive language guide');
		expect(await keyword.getByRole('link', { name: 'Inclusive language guide' }).count()).toBeGreaterThan(0);
		const top = hybrid.getByRole('listitem').first();
		expect(await top.getByRole('link').textContent()).toBe('Inclusive language guide');
		expect(squash(await top.locator('dl').innerText())).toMatch(
			/^Score -?\d+\.\d{4} Vector rank #1 Keyword rank (#\d+|not found)/
		);
		expect(squash(await top.locator('dl').innerText())).toContain('Collection Campaign guidance');

		await top.getByRole('link', { name: 'Inclusive language guide' }).click();
		await page.waitForURL(`${server.origin}/admin/corpus/documents/${found.guideId}`);
		expect(admin.problems).toEqual([]);
		await page.close();
	});

	it('deletes a document only after confirming, and says so on the library page', async () => {
		const page = await adminPage();
		const id = found.otherIds[0];
		await open(page, `/admin/corpus/documents/${id}`);
		const title = squash(await page.getByRole('heading', { level: 1 }).textContent());
		await page.getByRole('link', { name: 'Delete document' }).click();
		await page.waitForURL(`${server.origin}/admin/corpus/documents/${id}/delete`);
		expect(squash(await page.getByRole('heading', { level: 1 }).textContent())).toBe(
			`Are you sure you want to delete ‘${title}’?`
		);
		await page.getByText('Chats that cited it keep their copy of the passage.').waitFor();

		await page.getByRole('link', { name: 'Cancel' }).click();
		await page.waitForURL(`${server.origin}/admin/corpus/documents/${id}`);
		await page.getByRole('link', { name: 'Delete document' }).click();
		await page.getByRole('button', { name: 'Delete' }).click();
		await page.waitForURL(`${server.origin}/admin/corpus`);
		await page.getByRole('alert').getByText(`“${title}” was deleted`).waitFor();
		expect(await page.getByRole('link', { name: title }).count()).toBe(0);
		expect((await http.get(`/admin/corpus/documents/${id}`, adminCookie)).status).toBe(404);
		expect(admin.problems).toEqual([]);
		await page.close();
	});
});

describe('the guidance library without JavaScript', () => {
	it('explains form problems and uploads with a plain multipart post', async () => {
		const duplicate = await http.post(
			'/admin/corpus?/createCollection',
			{ name: 'Again', slug: 'campaign-guidance', description: '' },
			{ cookie: adminCookie }
		);
		expect(duplicate.status).toBe(400);
		expect(errorSummary(await duplicate.text())).toEqual([
			'There is already a collection with the slug campaign-guidance (“Campaign guidance”). Choose a different slug.'
		]);

		const nothing = await postFiles('/admin/corpus/upload', { collection: 'campaign-guidance' }, [], adminCookie);
		expect(nothing.status).toBe(400);
		expect(errorSummary(await nothing.text())).toEqual(['Select at least one file']);

		const res = await postFiles(
			'/admin/corpus/upload',
			{ collection: 'campaign-guidance' },
			[fixture('winter-messages.txt')],
			adminCookie
		);
		expect(res.status).toBe(303);
		const location = res.headers.get('location') ?? '';
		expect(location).toMatch(/^\/admin\/corpus\/jobs\/[0-9a-f-]{36}$/);

		let text = '';
		await expect
			.poll(
				async () => {
					text = visibleText(await (await http.get(location, adminCookie)).text());
					return text.includes('Upload finished');
				},
				{ timeout: 20_000, interval: 500 }
			)
			.toBe(true);
		expect(text).toContain('Upload finished: 1 added.');
		expect(text).toContain('1 of 1 file processed');

		const api = await fetch(new URL(`/api/admin/jobs/${uuidIn(location)}`, server.origin), {
			headers: { cookie: `${SESSION_COOKIE}=${adminCookie}` }
		});
		expect(api.status).toBe(200);
		expect(await api.json()).toMatchObject({
			kind: 'upload',
			status: 'succeeded',
			progress: 1,
			total: 1,
			files: [{ fileName: 'winter-messages.txt', status: 'done' }]
		});
	});
});

describe('people who are not administrators', () => {
	it('are refused the library pages, the upload action and the job endpoint', async () => {
		for (const pathname of ['/admin/corpus', '/admin/corpus/try', `/admin/corpus/jobs/${found.jobId}`]) {
			const res = await http.get(pathname, memberCookie);
			expect(res.status, pathname).toBe(403);
			expect(visibleText(await res.text())).toContain('You do not have permission to see this page');
		}
		const upload = await postFiles(
			'/admin/corpus/upload',
			{ collection: 'campaign-guidance' },
			[fixture('winter-messages.txt', 'member-upload.txt')],
			memberCookie
		);
		expect(upload.status).toBe(403);
		const api = await fetch(new URL(`/api/admin/jobs/${found.jobId}`, server.origin), {
			headers: { cookie: `${SESSION_COOKIE}=${memberCookie}` }
		});
		expect(api.status).toBe(403);
		expect(await api.text()).not.toContain('fileName');

		// Nothing the member sent reached the library.
		const library = visibleText(await (await http.get('/admin/corpus', adminCookie)).text());
		expect(library).not.toContain('member-upload');

		const guest = await http.get('/admin/corpus/try?q=vaccines');
		expect(guest.status).toBe(303);
		expect(guest.headers.get('location')).toBe('/sign-in?redirectTo=%2Fadmin%2Fcorpus%2Ftry%3Fq%3Dvaccines');
		expect((await fetch(new URL(`/api/admin/jobs/${found.jobId}`, server.origin))).status).toBe(401);
	});
});

describe('accessibility of the guidance library', () => {
	type Case = { name: string; path: () => string; prepare?: (page: Page) => Promise<void> };
	const submitEmpty = (button: string) => async (page: Page) => {
		await page.getByRole('button', { name: button }).click();
		await page.locator('.nhsuk-error-summary').waitFor();
	};
	const cases: Case[] = [
		{ name: 'library', path: () => '/admin/corpus' },
		{ name: 'library, filtered', path: () => '/admin/corpus?collection=campaign-guidance' },
		{ name: 'library, create errors', path: () => '/admin/corpus', prepare: submitEmpty('Create collection') },
		{ name: 'collection', path: () => '/admin/corpus/collections/campaign-guidance' },
		{ name: 'upload', path: () => '/admin/corpus/upload' },
		{ name: 'upload, with errors', path: () => '/admin/corpus/upload', prepare: submitEmpty('Upload files') },
		{ name: 'job', path: () => `/admin/corpus/jobs/${found.jobId}` },
		{ name: 'document', path: () => `/admin/corpus/documents/${found.guideId}` },
		{
			name: 'document, with errors',
			path: () => `/admin/corpus/documents/${found.guideId}`,
			prepare: async (page) => {
				await page.getByLabel('Title').fill('');
				await page.getByLabel('Source web address (optional)').fill('not a web address');
				await submitEmpty('Save details')(page);
			}
		},
		{ name: 'delete', path: () => `/admin/corpus/documents/${found.guideId}/delete` },
		{ name: 'try retrieval', path: () => '/admin/corpus/try' },
		{ name: 'try retrieval, results', path: () => `/admin/corpus/try?q=${encodeURIComponent(QUESTION)}&k=20` },
		{ name: 'try retrieval, no results', path: () => '/admin/corpus/try?q=zzzqx' }
	];

	for (const viewport of [DESKTOP, NARROW]) {
		it(`has no axe violations and no sideways scrolling at ${viewport.width}px`, async () => {
			const { context, problems } = await newContext(browser, server.origin, viewport);
			await context.addCookies([{ name: SESSION_COOKIE, value: adminCookie, url: server.origin }]);
			const page = await context.newPage();
			const failures: string[] = [];
			for (const c of cases) {
				expect(await open(page, c.path()), c.name).toBe(200);
				await c.prepare?.(page);
				expect(await page.locator('h1').count(), c.name).toBe(1);
				expect(await page.title(), c.name).toMatch(/ – NHS Comms Assist$/);
				for (const v of await axeViolations(page)) failures.push(`${c.name}: ${v}`);
				const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
				if (overflow > 0) failures.push(`${c.name}: scrolls sideways by ${overflow}px`);
			}
			expect(failures).toEqual([]);
			expect(problems).toEqual([]);
			await context.close();
		}, 90_000);
	}
});
