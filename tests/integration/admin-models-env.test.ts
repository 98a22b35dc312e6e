/**
 * Environment variables win over Admin › Models: with OPENAI_BASE_URL and CHAT_MODELS set, the page
 * shows them read-only with their names, a posted value cannot replace them, and the chat uses them.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '$lib/schemas/user';
import { getConfig } from '$lib/server/config';
import { createUser } from '$lib/server/db/queries/users';
import { chatModels, chatSettings } from '$lib/server/llm/chat-models';
import { useSecretsKey } from '$lib/server/secrets';
import * as modelsPage from '../../src/routes/(admin)/admin/models/+page.server';
import { callAction, callLoad } from '../helpers/forms';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let stub: OpenAIStub;
let admin: SessionUser;
const PATH = '/admin/models';

beforeAll(async () => {
	stub = await startOpenAIStub();
	// getConfig() reads the environment once per test file, so the variables are set before the first call.
	vi.stubEnv('OPENAI_BASE_URL', stub.baseUrl);
	vi.stubEnv('CHAT_MODELS', 'stub-model=Stub from the environment');
	expect(getConfig().chat.openai.baseUrl).toBe(stub.baseUrl);
	useSecretsKey('test-secrets-key-0123456789abcdefghijklmnopqrstuv');
	testDb = await setupTestDatabase();
	const a = await createUser({ email: 'ada@nhs.net', name: 'Ada', passwordHash: 'x', role: 'admin' });
	admin = { id: a.id, email: a.email, name: a.name, role: 'admin' };
});

afterAll(async () => {
	vi.unstubAllEnvs();
	useSecretsKey(undefined);
	await stub?.close();
	await testDb?.teardown();
});

const act = (name: keyof typeof modelsPage.actions, fields: Record<string, string>) =>
	callAction(modelsPage.actions[name] as never, admin, `${PATH}?/${name}`, fields);

describe('values from the environment', () => {
	it('are shown read-only, with the variable that sets each', async () => {
		const page = await callLoad(modelsPage.load as never, admin, PATH);
		expect(page).toMatchObject({
			kind: 'data',
			data: {
				view: {
					ready: true,
					kind: { value: 'openai-compatible', env: 'CHAT_MODELS' },
					baseUrl: { value: stub.baseUrl, env: 'OPENAI_BASE_URL' },
					apiKey: { env: null },
					models: {
						env: 'CHAT_MODELS',
						chosen: [{ id: 'stub-model', label: 'Stub from the environment' }],
						defaultModel: 'stub-model'
					}
				}
			}
		});
	});

	it('cannot be replaced from the screen: posted values for them are ignored', async () => {
		const saved = await act('saveConnection', {
			kind: 'azure',
			baseUrl: 'http://elsewhere.example/v1',
			apiKey: 'sk-on-screen-key-123'
		});
		expect(saved).toMatchObject({ kind: 'data' });
		const [row] = await queryRows<{ kind: string; base_url: string | null }>(
			testDb.handle,
			sql`select kind, base_url from model_connections`
		);
		expect(row).toEqual({ kind: 'openai-compatible', base_url: null });
		const settings = await chatSettings();
		expect(settings.openai.baseUrl).toBe(stub.baseUrl);
		// The key is not set in the environment, so the one saved on screen is used.
		expect(settings.openai.apiKey).toBe('sk-on-screen-key-123');

		const choice = await act('saveModels', { count: '1', 'models.0.id': 'stub-large', 'models.0.offer': 'yes' });
		expect(choice).toMatchObject({ kind: 'fail', status: 400 });
		expect((choice as unknown as { data: { errors: { models: string } } }).data.errors.models).toMatch(/CHAT_MODELS/);
		expect(await chatModels()).toEqual([{ id: 'stub-model', label: 'Stub from the environment' }]);
	});

	it('are what the connection test uses', async () => {
		stub.next({ kind: 'answer', chunks: ['Fine.'] });
		const result = await act('test', {});
		expect(result).toMatchObject({ data: { test: { ok: true, model: 'stub-model', reply: 'Fine.' } } });
	});
});
