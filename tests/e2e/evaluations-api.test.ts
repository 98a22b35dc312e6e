/**
 * Assistant test cases and evaluation runs through the real server (`node build`) with real session
 * cookies, the OpenAI stub as the model and the server's own job worker running the evaluation: a
 * case that must pass passes, one that must fail fails naming the phrase, approval of an organisation
 * assistant waits for an evaluation of its version, others' assistants are 404 and bad input is 400.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { client, newAccount, SESSION_COOKIE, signUp } from './support/http';
import { startServer, type TestServer } from './support/server';

const cacheDir = process.env.E2E_EMBEDDINGS_CACHE_DIR ?? path.join(tmpdir(), 'nca-wink-cache');

let stub: OpenAIStub;
let server: TestServer;
let admin: string;
let builder: string;
let other: string;

async function api(cookie: string, method: string, route: string, body?: unknown) {
	const res = await fetch(new URL(route, server.origin), {
		method,
		headers: {
			cookie: `${SESSION_COOKIE}=${cookie}`,
			origin: server.origin,
			accept: 'application/json',
			...(body === undefined ? {} : { 'content-type': 'application/json' })
		},
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
	});
	const text = await res.text();
	return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
}

async function waitForRun(cookie: string, assistantId: string, evaluationId: string) {
	for (let i = 0; i < 120; i++) {
		const run = await api(cookie, 'GET', `/api/assistants/${assistantId}/evaluations/${evaluationId}`);
		if (run.body.status === 'completed' || run.body.status === 'failed') return run.body;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`The evaluation did not finish:\n${server.output().slice(-3000)}`);
}

beforeAll(async () => {
	stub = await startOpenAIStub();
	server = await startServer({
		OPENAI_BASE_URL: stub.baseUrl,
		OPENAI_API_KEY: 'test',
		CHAT_MODELS: 'stub-model=Stub model',
		EMBEDDINGS_CACHE_DIR: cacheDir
	});
	const http = client(server.origin);
	admin = await signUp(http, newAccount('Ada Admin'));
	builder = await signUp(http, newAccount('Bea Builder'));
	other = await signUp(http, newAccount('Oli Other'));
});

afterAll(async () => {
	await server?.stop();
	await stub?.close();
});

describe('evaluations through the server', () => {
	it('runs the cases in the background, blocks approval until then, and hides them from others', async () => {
		const created = await api(builder, 'POST', '/api/assistants', {
			name: 'Urgent care messages',
			description: 'Writes messages about urgent care',
			category: 'Media and press',
			instructions: 'Write a short message for the public about urgent care.',
			visibility: 'organisation',
			status: 'published',
			intake: { mode: 'none', questions: [] }
		});
		expect(created.status).toBe(201);
		const id = created.body.id as string;

		const bad = await api(builder, 'POST', `/api/assistants/${id}/test-cases`, { name: 'x', request: 'y', expect: {} });
		expect(bad.status).toBe(400);
		expect(bad.body.message).toMatch(/add at least one expectation/);
		const pass = await api(builder, 'POST', `/api/assistants/${id}/test-cases`, {
			name: 'Points people to NHS 111',
			request: 'Where to get urgent help',
			expect: { mustInclude: ['NHS 111'], mustAvoid: ['patients'] }
		});
		expect(pass.status).toBe(201);
		const fail = await api(builder, 'POST', `/api/assistants/${id}/test-cases`, {
			name: 'Mentions Pharmacy First',
			request: 'Where to get urgent help',
			expect: { mustInclude: ['Pharmacy First'] }
		});
		expect(fail.status).toBe(201);
		const listed = await api(builder, 'GET', `/api/assistants/${id}/test-cases`);
		expect((listed.body.testCases as { name: string }[]).map((c) => c.name)).toEqual([
			'Points people to NHS 111',
			'Mentions Pharmacy First'
		]);
		expect((await api(other, 'GET', `/api/assistants/${id}/test-cases`)).status).toBe(404);
		expect((await api(other, 'POST', `/api/assistants/${id}/evaluations`, {})).status).toBe(404);

		const blocked = await api(admin, 'POST', `/api/assistants/${id}/approval`, { decision: 'approve' });
		expect(blocked).toEqual({
			status: 409,
			body: expect.objectContaining({ message: 'Run an evaluation of version 1 before approving it' })
		});

		expect((await api(builder, 'POST', `/api/assistants/${id}/evaluations`, { model: 'nope' })).status).toBe(400);
		stub.next({ kind: 'answer', chunks: ['If you need help fast, ', 'use NHS 111.'] });
		stub.next({ kind: 'answer', chunks: ['If you need help fast, use NHS 111.'] });
		const started = await api(builder, 'POST', `/api/assistants/${id}/evaluations`, {});
		expect(started.status).toBe(202);
		const run = await waitForRun(builder, id, started.body.id as string);
		expect(run).toMatchObject({ status: 'completed', model: 'stub-model', assistantVersion: 1, passRate: 0.5 });
		expect(run.results).toEqual([
			expect.objectContaining({ name: 'Points people to NHS 111', passed: true, reasons: [] }),
			expect.objectContaining({
				name: 'Mentions Pharmacy First',
				passed: false,
				reasons: ['Must include "Pharmacy First" but it was not found'],
				output: 'If you need help fast, use NHS 111.'
			})
		]);
		expect((await api(other, 'GET', `/api/assistants/${id}/evaluations/${started.body.id}`)).status).toBe(404);
		expect((await api(admin, 'POST', `/api/assistants/${id}/approval`, { decision: 'approve' })).status).toBe(200);
	});
});
