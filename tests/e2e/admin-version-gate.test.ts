/**
 * The evaluation gate for administrators, through the real server (`node build`) with real session
 * cookies and the server's own job worker: an administrator's change to an organisation assistant waits
 * for an evaluation and approval (and says so), a rollback goes live only to an evaluated version (a
 * clear 409 otherwise, on the API and the rollback page), and an evaluation whose server was killed
 * part-way is finished by the next server on the same database, from the first case without a result.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { client, errorSummary, newAccount, SESSION_COOKIE, signUp, visibleText } from './support/http';
import { createDatabase, startServer, type TestDatabase, type TestServer } from './support/server';

const cacheDir = process.env.E2E_EMBEDDINGS_CACHE_DIR ?? path.join(tmpdir(), 'nca-wink-cache');

let stub: OpenAIStub;
let database: TestDatabase;
let server: TestServer;
let admin: string;
let builder: string;
let member: string;

const env = () => ({
	OPENAI_BASE_URL: stub.baseUrl,
	OPENAI_API_KEY: 'test',
	CHAT_MODELS: 'stub-model=Stub model',
	EMBEDDINGS_CACHE_DIR: cacheDir,
	// Short, so the next server takes over a killed server's evaluation within seconds.
	JOB_STALE_SECONDS: '3'
});

async function api(cookie: string, method: string, route: string, body?: unknown) {
	const res = await fetch(new URL(route, server.origin), {
		method,
		headers: {
			cookie: `${SESSION_COOKIE}=${cookie}`,
			origin: server.origin,
			accept: 'application/json',
			...(body === undefined ? {} : { 'content-type': 'application/json' })
		},
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await res.text();
	return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
}

type Run = { status: string; results: { name: string; passed: boolean }[]; error: string | null };

async function waitForRun(cookie: string, id: string, runId: string, until: (run: Run) => boolean): Promise<Run> {
	for (let i = 0; i < 240; i++) {
		const run = await api(cookie, 'GET', `/api/assistants/${id}/evaluations/${runId}`);
		if (until(run.body as Run)) return run.body as Run;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`The evaluation did not get there:\n${server.output().slice(-3000)}`);
}
const finished = (run: Run) => run.status === 'completed' || run.status === 'failed';

async function createAssistant(cookie: string, overrides: Record<string, unknown>): Promise<string> {
	const created = await api(cookie, 'POST', '/api/assistants', {
		name: 'Flu jab reminders',
		description: 'Writes reminders about flu jabs',
		category: 'Media and press',
		instructions: 'Write a short reminder for the public about flu jabs.',
		visibility: 'organisation',
		status: 'published',
		intake: { mode: 'none', questions: [] },
		...overrides
	});
	expect(created.status).toBe(201);
	return created.body.id as string;
}

async function addCase(cookie: string, id: string, name: string, phrase: string) {
	const res = await api(cookie, 'POST', `/api/assistants/${id}/test-cases`, {
		name,
		request: 'A reminder about flu jabs',
		expect: { mustInclude: [phrase] }
	});
	expect(res.status).toBe(201);
}

beforeAll(async () => {
	stub = await startOpenAIStub();
	database = await createDatabase();
	server = await startServer(env(), database);
	const http = client(server.origin);
	admin = await signUp(http, newAccount('Ada Admin'));
	builder = await signUp(http, newAccount('Bea Builder'));
	member = await signUp(http, newAccount('Max Member'));
});

afterAll(async () => {
	await server?.stop();
	await database?.remove();
	await stub?.close();
});

describe("an administrator's change to an organisation assistant", () => {
	it('waits for an evaluation and approval, and a rollback goes live only to an evaluated version', async () => {
		const id = await createAssistant(admin, {});
		await addCase(admin, id, 'Names the flu jab', 'flu jab');
		stub.next({ kind: 'answer', chunks: ['Book your flu jab today.'] });
		const first = await api(admin, 'POST', `/api/assistants/${id}/evaluations`, {});
		expect(first.status).toBe(202);
		expect(await waitForRun(admin, id, first.body.id as string, finished)).toMatchObject({ status: 'completed' });
		expect((await api(member, 'GET', `/api/assistants/${id}`)).body).toMatchObject({ version: 1 });

		const saved = await api(admin, 'PATCH', `/api/assistants/${id}`, {
			instructions: 'Write a long reminder about flu jabs.'
		});
		expect(saved).toMatchObject({ status: 200, body: { version: 2, approval: 'pending' } });
		// Over HTTP with the member's own session: they keep the approved version 1 meanwhile.
		expect((await api(member, 'GET', `/api/assistants/${id}`)).body).toMatchObject({
			version: 1,
			liveVersion: 1,
			instructions: 'Write a short reminder for the public about flu jabs.'
		});
		const chat = await api(member, 'POST', '/api/chats', { assistantId: id });
		expect(chat.status).toBe(201);
		expect((await api(member, 'GET', `/api/chats/${chat.body.id as string}`)).body).toMatchObject({
			assistant: { version: 1 }
		});
		expect(await api(admin, 'POST', `/api/assistants/${id}/approval`, { decision: 'approve' })).toMatchObject({
			status: 409,
			body: { message: 'Run an evaluation of version 2 before approving it' }
		});

		// The builder form says what happens next.
		const http = client(server.origin);
		const edited = await http.post(
			`/assistants/${id}/edit`,
			{
				name: 'Flu jab reminders',
				description: 'Writes reminders about flu jabs',
				category: 'Media and press',
				instructions: 'Write a very long reminder about flu jabs.',
				'intake.mode': 'none',
				visibility: 'organisation',
				status: 'published',
				questionCount: '0',
				intent: 'save'
			},
			{ cookie: admin }
		);
		expect(edited.status).toBe(303);
		const flash = edited.headers.getSetCookie().find((c) => c.startsWith('app_flash=')) ?? '';
		const page = await fetch(new URL(`/assistants/${id}`, server.origin), {
			headers: { cookie: `${SESSION_COOKIE}=${admin}; ${flash.split(';')[0]}`, accept: 'text/html' }
		});
		const pageText = visibleText(await page.text());
		expect(pageText).toContain('Everyone else uses version 1, the last one approved, until this version is approved.');
		expect(pageText).toContain(
			'Saved “Flu jab reminders” as version 3. Until it is approved everyone else keeps using version 1: run its tests, then approve it on Admin › Assistants to make it live.'
		);

		// Version 2 was never evaluated: refused with a 409 naming the versions that were, and the page says so first.
		const refused = await api(admin, 'POST', `/api/assistants/${id}/rollback`, { version: 2 });
		expect(refused).toEqual({
			status: 409,
			body: expect.objectContaining({
				message:
					'Version 2 has no completed evaluation, so it cannot go back in front of everyone untested. Roll back to a version that has one (version 1), or save your change as a new version, run its tests from the Tests page and approve it.'
			})
		});
		const rollbackHtml = await (await http.get(`/assistants/${id}/versions/2/rollback`, admin)).text();
		expect(visibleText(rollbackHtml)).toContain('Version 2 has no completed evaluation');
		expect(rollbackHtml).not.toMatch(/<button[^>]*>Roll back to version 2<\/button>/);
		expect(await (await http.get(`/assistants/${id}/versions/1/rollback`, admin)).text()).toMatch(
			/<button[^>]*>Roll back to version 1<\/button>/
		);
		const formPost = await http.post(`/assistants/${id}/versions/2/rollback`, {}, { cookie: admin });
		expect(formPost.status).toBe(409);
		expect(errorSummary(await formPost.text()).join(' ')).toContain('Version 2 has no completed evaluation');

		const restored = await api(admin, 'POST', `/api/assistants/${id}/rollback`, { version: 1 });
		expect(restored).toMatchObject({ status: 200, body: { version: 4, approval: 'approved' } });
		expect((await api(member, 'GET', `/api/assistants/${id}`)).body).toMatchObject({
			version: 4,
			instructions: 'Write a short reminder for the public about flu jabs.'
		});
	});
});

describe('an evaluation whose server was killed part-way', () => {
	it('is finished by the next server from the first case without a result, and is not blocked for 30 minutes', async () => {
		const id = await createAssistant(builder, { name: 'Flu clinic times', visibility: 'private' });
		await addCase(builder, id, 'Names the flu jab', 'flu jab');
		await addCase(builder, id, 'Names the pharmacy', 'pharmacy');
		stub.next({ kind: 'answer', chunks: ['Get your flu jab.'] });
		stub.next({ kind: 'hang', chunks: ['Visit your'] });
		const asked = stub.requests.length;
		const started = await api(builder, 'POST', `/api/assistants/${id}/evaluations`, {});
		expect(started.status).toBe(202);
		const runId = started.body.id as string;
		await waitForRun(builder, id, runId, (run) => run.results?.length === 1);
		// The first case's result is saved before the second case's request reaches the stub: wait for
		// that request (the one left hanging), so the count below holds both cases' first asks.
		for (let i = 0; i < 240 && stub.requests.length - asked < 2; i++) await new Promise((r) => setTimeout(r, 250));
		expect(stub.requests.length - asked).toBe(2);
		const before = stub.requests.length;

		server.kill('SIGKILL');
		await server.stop();
		stub.next({ kind: 'answer', chunks: ['Visit your pharmacy.'] });
		server = await startServer(env(), database);

		const run = await waitForRun(builder, id, runId, finished);
		expect(run).toMatchObject({ status: 'completed', error: null });
		expect(run.results.map((r) => [r.name, r.passed])).toEqual([
			['Names the flu jab', true],
			['Names the pharmacy', true]
		]);
		// Only the unfinished case was asked again.
		expect(stub.requests.length - before).toBe(1);
		stub.next({ kind: 'answer', chunks: ['Get your flu jab at the pharmacy.'] });
		stub.next({ kind: 'answer', chunks: ['Get your flu jab at the pharmacy.'] });
		expect((await api(builder, 'POST', `/api/assistants/${id}/evaluations`, {})).status).toBe(202);
	});
});
