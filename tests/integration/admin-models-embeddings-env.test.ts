/**
 * The environment wins for the embedding model: with EMBEDDINGS_PROVIDER, OPENAI_BASE_URL and
 * EMBEDDINGS_MODEL set, Admin › Models shows them read-only, refuses to save over them, and the test
 * embeds through them.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '$lib/schemas/user';
import { getConfig } from '$lib/server/config';
import { createUser } from '$lib/server/db/queries/users';
import { useEmbedder } from '$lib/server/llm/current-embedder';
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
	stub.embeddingDimensions = 12;
	vi.stubEnv('EMBEDDINGS_PROVIDER', 'openai');
	vi.stubEnv('OPENAI_BASE_URL', stub.baseUrl);
	vi.stubEnv('EMBEDDINGS_MODEL', 'env-embed');
	expect(getConfig().embeddings).toMatchObject({ provider: 'openai', providerSet: true, model: 'env-embed' });
	useSecretsKey('test-secrets-key-0123456789abcdefghijklmnopqrstuv');
	useEmbedder(null);
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

describe('embedding values from the environment', () => {
	it('are shown read-only with their variables, and cannot be saved over', async () => {
		const page = await callLoad(modelsPage.load as never, admin, PATH);
		expect(page).toMatchObject({
			kind: 'data',
			data: {
				embeddings: {
					kind: { value: 'openai-compatible', env: 'EMBEDDINGS_PROVIDER' },
					baseUrl: { value: stub.baseUrl, env: 'OPENAI_BASE_URL' },
					model: { value: 'env-embed', env: 'EMBEDDINGS_MODEL' },
					inUse: 'openai:env-embed:12'
				}
			}
		});
		const result = await act('saveEmbeddings', { embKind: 'local' });
		expect(result).toMatchObject({ kind: 'fail', status: 400 });
		expect(JSON.stringify(result)).toContain('EMBEDDINGS_PROVIDER sets the embedding model in the environment');
		expect(await queryRows(testDb.handle, sql`select * from model_connections`)).toEqual([]);
	});

	it('the test embeds with the environment’s model', async () => {
		const test = await act('testEmbeddings', {});
		expect(test).toMatchObject({ data: { embeddingTest: { ok: true, dimensions: 12, model: 'openai:env-embed:12' } } });
		expect(stub.embeddingRequests.at(-1)).toMatchObject({ model: 'env-embed' });
	});
});
