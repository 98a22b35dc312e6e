/**
 * Admin › Models: a connection saved on screen keeps its key encrypted (the database never holds the
 * text), is refused without SECRETS_KEY, is tested against a real OpenAI-compatible server (the stub)
 * and against a closed port, chooses the models people see, and the chat answers through it.
 */
import { createServer } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatEvent } from '$lib/schemas/chat';
import type { SessionUser } from '$lib/schemas/user';
import { createUser } from '$lib/server/db/queries/users';
import { invalidateModelConnections } from '$lib/server/llm/connections';
import { chatModels } from '$lib/server/llm/chat-models';
import { publishClusterMessage, startClusterBus, stopClusterBus } from '$lib/server/cluster/bus';
import { useEmbedder } from '$lib/server/llm/current-embedder';
import { useSecretsKey } from '$lib/server/secrets';
import * as modelsPage from '../../src/routes/(admin)/admin/models/+page.server';
import * as testRoute from '../../src/routes/api/admin/models/test/+server';
import * as messagesRoute from '../../src/routes/api/chats/[id]/messages/+server';
import { callAction, callLoad } from '../helpers/forms';
import { callRoute, createChat, readEvents } from '../helpers/chat';
import { localEmbedder } from '../helpers/corpus';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

const SECRETS_KEY = 'test-secrets-key-0123456789abcdefghijklmnopqrstuv';
const API_KEY = 'sk-stub-TOP-SECRET-4242';
const PATH = '/admin/models';

let testDb: TestDatabase;
let stub: OpenAIStub;
let admin: SessionUser;
let member: SessionUser;

beforeAll(async () => {
	testDb = await setupTestDatabase();
	useEmbedder(await localEmbedder());
	stub = await startOpenAIStub();
	const a = await createUser({ email: 'ada@nhs.net', name: 'Ada', passwordHash: 'x', role: 'admin' });
	const m = await createUser({ email: 'mo@nhs.net', name: 'Mo', passwordHash: 'x' });
	admin = { id: a.id, email: a.email, name: a.name, role: 'admin' };
	member = { id: m.id, email: m.email, name: m.name, role: 'member' };
});

beforeEach(() => {
	useSecretsKey(SECRETS_KEY);
	stub.requiredKey = undefined;
});

afterAll(async () => {
	await stopClusterBus();
	useSecretsKey(undefined);
	await stub?.close();
	await testDb?.teardown();
});

const act = (name: keyof typeof modelsPage.actions, user: SessionUser, fields: Record<string, string>) =>
	callAction(modelsPage.actions[name] as never, user, `${PATH}?/${name}`, fields);

async function storedRows() {
	return queryRows<{ row: string; api_key_encrypted: string | null }>(
		testDb.handle,
		sql`select m::text as row, api_key_encrypted from model_connections m`
	);
}

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

describe('who can use Admin › Models', () => {
	it('is for administrators only: members get 403 from the page, every action and the test endpoint', async () => {
		expect(await callLoad(modelsPage.load as never, member, PATH)).toMatchObject({ kind: 'error', status: 403 });
		for (const name of ['saveConnection', 'removeConnection', 'test', 'saveModels'] as const) {
			expect(await act(name, member, { kind: 'openai', apiKey: API_KEY })).toMatchObject({
				kind: 'error',
				status: 403
			});
		}
		const res = await callRoute(testRoute.POST as never, {
			user: member,
			method: 'POST',
			path: '/api/admin/models/test',
			body: {}
		});
		expect(res.status).toBe(403);
		const anonymous = await callRoute(testRoute.POST as never, {
			user: null,
			method: 'POST',
			path: '/api/admin/models/test',
			body: {}
		});
		expect(anonymous.status).toBe(401);
		expect(await storedRows()).toEqual([]);
	});
});

describe('saving a connection', () => {
	it('refuses to store a key when SECRETS_KEY is unset, and says what to set', async () => {
		useSecretsKey(null);
		const view = await callLoad(modelsPage.load as never, admin, PATH);
		expect(view).toMatchObject({ kind: 'data', data: { view: { canStoreKeys: false, saved: false, ready: false } } });
		const result = await act('saveConnection', admin, {
			kind: 'openai-compatible',
			baseUrl: stub.baseUrl,
			apiKey: API_KEY
		});
		expect(result.kind).toBe('fail');
		const errors = (result as unknown as { data: { errors: { apiKey: string } } }).data.errors;
		expect(errors.apiKey).toMatch(/SECRETS_KEY is not set/);
		expect(errors.apiKey).toMatch(/openssl rand -base64 32/);
		expect(await storedRows()).toEqual([]);
	});

	it('explains a bad base URL', async () => {
		const result = await act('saveConnection', admin, { kind: 'openai-compatible', baseUrl: 'localhost:11434' });
		expect(result).toMatchObject({ kind: 'fail', status: 400 });
		expect((result as unknown as { data: { errors: { baseUrl: string } } }).data.errors.baseUrl).toMatch(
			/http or https address/
		);
	});

	it('stores only ciphertext: the key text is nowhere in the database, the page or the audit log', async () => {
		const result = await act('saveConnection', admin, {
			kind: 'openai-compatible',
			baseUrl: `${stub.baseUrl}/`,
			apiKey: API_KEY
		});
		expect(result).toMatchObject({ kind: 'data', data: { section: 'connection' } });
		const rows = await storedRows();
		expect(rows).toHaveLength(1);
		expect(rows[0].api_key_encrypted).toMatch(/^v1\./);
		expect(rows[0].row).toContain(stub.baseUrl);
		expect(rows[0].row).not.toContain(API_KEY);
		expect(rows[0].row).not.toContain('TOP-SECRET');

		const [everything] = await queryRows<{ dump: string }>(
			testDb.handle,
			sql`select (select coalesce(string_agg(a::text, ' '), '') from audit_events a) as dump`
		);
		expect(everything.dump).toContain('models.connection_saved');
		expect(everything.dump).not.toContain('TOP-SECRET');

		const page = await callLoad(modelsPage.load as never, admin, PATH);
		expect(JSON.stringify(page)).not.toContain('TOP-SECRET');
		expect(page).toMatchObject({
			data: {
				view: {
					saved: true,
					apiKey: { saved: true, unreadable: false, env: null },
					baseUrl: { value: stub.baseUrl, env: null }
				}
			}
		});
	});

	it('keeps the saved key when the form leaves it empty, and cannot read it under another SECRETS_KEY', async () => {
		const before = (await storedRows())[0].api_key_encrypted;
		await act('saveConnection', admin, { kind: 'openai-compatible', baseUrl: stub.baseUrl, apiKey: '' });
		expect((await storedRows())[0].api_key_encrypted).toBe(before);

		useSecretsKey('a-different-secrets-key-9876543210-zyxwvutsrq');
		invalidateModelConnections();
		const page = await callLoad(modelsPage.load as never, admin, PATH);
		expect(page).toMatchObject({ data: { view: { apiKey: { saved: true, unreadable: true } } } });
		useSecretsKey(SECRETS_KEY);
		invalidateModelConnections();
	});
});

describe('testing the connection', () => {
	it('lists the stub server’s models and returns a reply, sending the decrypted key', async () => {
		stub.requiredKey = API_KEY;
		stub.next({ kind: 'answer', chunks: ['I am', ' working.'] });
		const result = await act('test', admin, { model: 'stub-large' });
		expect(result).toMatchObject({
			kind: 'data',
			data: {
				section: 'test',
				test: {
					models: ['stub-large', 'stub-model'],
					model: 'stub-large',
					reply: 'I am working.',
					error: null,
					ok: true
				}
			}
		});
		expect(stub.requests.at(-1)).toMatchObject({
			model: 'stub-large',
			stream: true,
			headers: { authorization: `Bearer ${API_KEY}` }
		});
	});

	it('streams the events from the test endpoint as they come', async () => {
		stub.next({ kind: 'answer', chunks: ['Hello', ' from', ' the stub.'] });
		const res = await callRoute(testRoute.POST as never, {
			user: admin,
			method: 'POST',
			path: '/api/admin/models/test',
			body: {}
		});
		expect(res.headers.get('content-type')).toContain('application/x-ndjson');
		const events = (await res.text())
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line));
		expect(events).toEqual([
			{ type: 'models', models: ['stub-large', 'stub-model'] },
			{ type: 'model', model: 'stub-large' },
			{ type: 'text', text: 'Hello' },
			{ type: 'text', text: ' from' },
			{ type: 'text', text: ' the stub.' },
			{ type: 'done', ok: true }
		]);
	});

	it('says the key was refused (401)', async () => {
		stub.requiredKey = 'another-key';
		const result = await act('test', admin, {});
		expect(result).toMatchObject({ data: { test: { ok: false, models: [] } } });
		expect((result as unknown as { data: { test: { error: string } } }).data.test.error).toMatch(
			/refused the API key \(HTTP 401\)/
		);
	});

	it('says when the server offers no models', async () => {
		stub.models = [];
		const result = await act('test', admin, {});
		stub.models = ['stub-model', 'stub-large'];
		expect((result as unknown as { data: { test: { error: string } } }).data.test.error).toMatch(/offers no models/);
	});

	it('says nothing is listening at a closed port', async () => {
		const port = await closedPort();
		await act('saveConnection', admin, {
			kind: 'openai-compatible',
			baseUrl: `http://127.0.0.1:${port}/v1`,
			apiKey: ''
		});
		const result = await act('test', admin, {});
		const error = (result as unknown as { data: { test: { error: string; ok: boolean } } }).data.test;
		expect(error.ok).toBe(false);
		expect(error.error).toMatch(/Nothing is listening at http:\/\/127\.0\.0\.1:\d+\/v1\/models \(connection refused\)/);
		await act('saveConnection', admin, { kind: 'openai-compatible', baseUrl: stub.baseUrl, apiKey: '' });
	});
});

describe('choosing the models people see', () => {
	it('saves the choice, labels and default, audits it, and a member’s chat answers through it', async () => {
		expect(await chatModels()).toEqual([]);
		const result = await act('saveModels', admin, {
			count: '2',
			'models.0.id': 'stub-large',
			'models.0.offer': 'yes',
			'models.0.label': 'Large stub',
			'models.1.id': 'stub-model',
			'models.1.offer': 'yes',
			'models.1.label': '',
			default: 'stub-large'
		});
		expect(result).toMatchObject({ kind: 'data', data: { section: 'models' } });
		expect(await chatModels()).toEqual([
			{ id: 'stub-large', label: 'Large stub' },
			{ id: 'stub-model', label: 'stub-model' }
		]);
		const [event] = await queryRows<{ details: Record<string, unknown> }>(
			testDb.handle,
			sql`select details from audit_events where action = 'models.choices_changed'`
		);
		expect(event.details).toEqual({
			before: { models: [], defaultModel: null },
			after: { models: ['stub-large', 'stub-model'], defaultModel: 'stub-large' }
		});

		stub.requiredKey = API_KEY;
		stub.next({ kind: 'answer', chunks: ['Answered', ' by the saved connection.'] });
		const chatId = await createChat(member);
		const res = await callRoute(messagesRoute.POST as never, {
			user: member,
			method: 'POST',
			path: `/api/chats/${chatId}/messages`,
			params: { id: chatId },
			body: { content: 'Say hello', useGuidance: false }
		});
		expect(res.status).toBe(200);
		const events: ChatEvent[] = await readEvents(res);
		const text = events
			.filter((e) => e.event === 'token')
			.map((e) => (e.data as { text: string }).text)
			.join('');
		expect(text).toBe('Answered by the saved connection.');
		const streamed = stub.requests.filter((r) => r.stream).at(-1);
		expect(streamed).toMatchObject({ model: 'stub-large', headers: { authorization: `Bearer ${API_KEY}` } });
	});

	it('refuses a default that people cannot choose', async () => {
		const result = await act('saveModels', admin, {
			count: '2',
			'models.0.id': 'stub-large',
			'models.0.offer': 'yes',
			'models.1.id': 'stub-model',
			default: 'stub-model'
		});
		expect(result).toMatchObject({ kind: 'fail', status: 400 });
	});

	it('removing the connection leaves no model and deletes the key', async () => {
		expect(await act('removeConnection', admin, {})).toMatchObject({ kind: 'data' });
		expect(await storedRows()).toEqual([]);
		expect(await chatModels()).toEqual([]);
	});
});

describe('several instances', () => {
	it('drop their copy of the connection when another instance changes it (LISTEN/NOTIFY)', async () => {
		await startClusterBus();
		await act('saveConnection', admin, { kind: 'openai-compatible', baseUrl: stub.baseUrl, apiKey: '' });
		await act('saveModels', admin, { count: '1', 'models.0.id': 'stub-model', 'models.0.offer': 'yes' });
		expect((await chatModels()).map((m) => m.id)).toEqual(['stub-model']);
		// Another instance saves a change: the row changes, and only the bus tells this one.
		await queryRows(
			testDb.handle,
			sql`update model_connections set models = '[{"id":"stub-large","label":"Large"}]'::jsonb, default_model = 'stub-large'`
		);
		expect((await chatModels()).map((m) => m.id)).toEqual(['stub-model']);
		await publishClusterMessage({ type: 'invalidate-cache', cache: 'model-connections' });
		await expect.poll(async () => (await chatModels()).map((m) => m.id)).toEqual(['stub-large']);
	});
});
