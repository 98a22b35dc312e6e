/**
 * Admin › Models, the embedding model: a connection saved on screen keeps its key encrypted, is refused
 * without SECRETS_KEY, is tested against the OpenAI-compatible stub (dimensions reported) and against a
 * closed port; after a change, re-embedding runs the existing job over guidance and attachment passages
 * and search then uses the new embedder (keywords keep working meanwhile).
 */
import os from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '$lib/schemas/user';
import { insertAttachment } from '$lib/server/db/queries/attachments';
import { findJob } from '$lib/server/db/queries/jobs';
import { createUser } from '$lib/server/db/queries/users';
import { ensureCollection } from '$lib/server/ingestion/collections';
import { runNextJob, startUploadJob } from '$lib/server/ingestion/jobs';
import { pendingEmbeddings } from '$lib/server/ingestion/reembed';
import { invalidateModelConnections } from '$lib/server/llm/connections';
import { getEmbedder, useEmbedder } from '$lib/server/llm/current-embedder';
import { toStorageVector } from '$lib/server/llm/embeddings/storage';
import { searchGuidance } from '$lib/server/retrieval/search';
import { useSecretsKey } from '$lib/server/secrets';
import * as modelsPage from '../../src/routes/(admin)/admin/models/+page.server';
import * as jobRoute from '../../src/routes/api/admin/jobs/[id]/+server';
import { callAction, callLoad } from '../helpers/forms';
import { callRoute, createChat } from '../helpers/chat';
import { textFile } from '../helpers/corpus';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

const SECRETS_KEY = 'test-secrets-key-0123456789abcdefghijklmnopqrstuv';
const API_KEY = 'sk-stub-EMBED-SECRET-4242';
const PATH = '/admin/models';

let testDb: TestDatabase;
let stub: OpenAIStub;
let admin: SessionUser;
let member: SessionUser;

beforeAll(async () => {
	vi.stubEnv('EMBEDDINGS_CACHE_DIR', path.join(os.tmpdir(), 'nca-wink-cache'));
	testDb = await setupTestDatabase();
	useEmbedder(null);
	stub = await startOpenAIStub();
	stub.embeddingDimensions = 16;
	const a = await createUser({ email: 'ada@nhs.net', name: 'Ada', passwordHash: 'x', role: 'admin' });
	const m = await createUser({ email: 'mo@nhs.net', name: 'Mo', passwordHash: 'x' });
	admin = { id: a.id, email: a.email, name: a.name, role: 'admin' };
	member = { id: m.id, email: m.email, name: m.name, role: 'member' };
	const collection = await ensureCollection('guidance');
	await startUploadJob({
		collectionId: collection.id,
		draft: false,
		actorId: null,
		files: [
			{
				fileName: 'flu.md',
				bytes: textFile('# Flu vaccine\n\nThe winter flu vaccine is free for people aged 65 and over at a pharmacy.')
			},
			{
				fileName: 'parking.md',
				bytes: textFile('# Hospital parking\n\nCar parking charges at the hospital are waived for blue badge holders.')
			}
		]
	});
	expect(await runNextJob()).toBe(true);
});

beforeEach(() => {
	useSecretsKey(SECRETS_KEY);
	stub.requiredKey = undefined;
});

afterAll(async () => {
	vi.unstubAllEnvs();
	useSecretsKey(undefined);
	useEmbedder(null);
	await stub?.close();
	await testDb?.teardown();
});

const act = (name: keyof typeof modelsPage.actions, user: SessionUser, fields: Record<string, string>) =>
	callAction(modelsPage.actions[name] as never, user, `${PATH}?/${name}`, fields);

async function storedRows() {
	return queryRows<{ purpose: string; row: string; api_key_encrypted: string | null }>(
		testDb.handle,
		sql`select purpose, m::text as row, api_key_encrypted from model_connections m`
	);
}

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

describe('the embedding model on Admin › Models', () => {
	it('is for administrators only', async () => {
		for (const name of ['saveEmbeddings', 'testEmbeddings', 'reembed'] as const) {
			expect(await act(name, member, { embKind: 'openai' })).toMatchObject({ kind: 'error', status: 403 });
		}
		expect(await storedRows()).toEqual([]);
	});

	it('shows the built-in local embedder in use by default, and tests it', async () => {
		const page = await callLoad(modelsPage.load as never, admin, PATH);
		expect(page).toMatchObject({
			kind: 'data',
			data: { embeddings: { kind: { value: 'local', env: null }, saved: false, stale: 0, job: null } }
		});
		const inUse = (page as unknown as { data: { embeddings: { inUse: string } } }).data.embeddings.inUse;
		expect(inUse).toMatch(/^local:/);
		const test = await act('testEmbeddings', admin, {});
		expect(test).toMatchObject({ data: { embeddingTest: { ok: true, dimensions: 100, error: null } } });
	});

	it('refuses to store a key without SECRETS_KEY, with the chat section’s wording', async () => {
		useSecretsKey(null);
		const result = await act('saveEmbeddings', admin, {
			embKind: 'openai-compatible',
			embBaseUrl: stub.baseUrl,
			embModel: 'stub-embed',
			embApiKey: API_KEY
		});
		expect(result).toMatchObject({ kind: 'fail', status: 400 });
		const errors = (result as unknown as { data: { errors: { embApiKey: string } } }).data.errors;
		expect(errors.embApiKey).toMatch(/SECRETS_KEY is not set/);
		expect(errors.embApiKey).toMatch(/openssl rand -base64 32/);
		expect(await storedRows()).toEqual([]);
	});

	it('explains a missing model name', async () => {
		const result = await act('saveEmbeddings', admin, { embKind: 'openai-compatible', embBaseUrl: stub.baseUrl });
		expect(result).toMatchObject({ kind: 'fail', status: 400 });
		expect((result as unknown as { data: { errors: { embModel: string } } }).data.errors.embModel).toMatch(
			/Enter the name of the embedding model/
		);
	});

	it('a closed port: saving works, the test says nothing is listening', async () => {
		const port = await closedPort();
		const saved = await act('saveEmbeddings', admin, {
			embKind: 'openai-compatible',
			embBaseUrl: `http://127.0.0.1:${port}/v1`,
			embModel: 'stub-embed'
		});
		expect(saved).toMatchObject({ kind: 'data', data: { section: 'embeddings' } });
		const test = await act('testEmbeddings', admin, {});
		const result = (test as unknown as { data: { embeddingTest: { ok: boolean; error: string } } }).data.embeddingTest;
		expect(result.ok).toBe(false);
		expect(result.error).toMatch(/connection refused|could not be reached/i);
		expect(result.error).not.toMatch(/stack|at Object/);
		// The page says the embedder cannot be used, and search still answers by keywords.
		const page = await callLoad(modelsPage.load as never, admin, PATH);
		expect(page).toMatchObject({ data: { embeddings: { inUse: null } } });
		await expect(searchGuidance({ query: 'flu vaccine', mode: 'keyword' })).resolves.toMatchObject({
			results: [{ documentTitle: 'Flu vaccine' }]
		});
	});

	it('stores only ciphertext; the test embeds through the stub with the decrypted key and reports dimensions', async () => {
		stub.requiredKey = API_KEY;
		const result = await act('saveEmbeddings', admin, {
			embKind: 'openai-compatible',
			embBaseUrl: `${stub.baseUrl}/`,
			embModel: 'stub-embed',
			embApiKey: API_KEY
		});
		expect(result).toMatchObject({ kind: 'data', data: { section: 'embeddings', changed: true } });
		const rows = await storedRows();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ purpose: 'embeddings' });
		expect(rows[0].api_key_encrypted).toMatch(/^v1\./);
		expect(rows[0].row).toContain(stub.baseUrl);
		expect(rows[0].row).not.toContain('EMBED-SECRET');
		const [audit] = await queryRows<{ dump: string }>(
			testDb.handle,
			sql`select coalesce(string_agg(a::text, ' '), '') as dump from audit_events a`
		);
		expect(audit.dump).toContain('models.embeddings_saved');
		expect(audit.dump).not.toContain('EMBED-SECRET');

		const test = await act('testEmbeddings', admin, {});
		expect(test).toMatchObject({
			data: { embeddingTest: { ok: true, dimensions: 16, model: 'openai:stub-embed:16', error: null } }
		});
		expect(stub.embeddingRequests.at(-1)).toMatchObject({ model: 'stub-embed', path: '/v1/embeddings' });

		const page = await callLoad(modelsPage.load as never, admin, PATH);
		expect(JSON.stringify(page)).not.toContain('EMBED-SECRET');
		expect(page).toMatchObject({
			data: {
				embeddings: {
					saved: true,
					inUse: 'openai:stub-embed:16',
					kind: { value: 'openai-compatible', env: null },
					model: { value: 'stub-embed', env: null },
					apiKey: { saved: true, unreadable: false, env: null }
				}
			}
		});
	});

	it('a wrong key: the test says the key was refused', async () => {
		stub.requiredKey = 'another-key';
		const test = await act('testEmbeddings', admin, {});
		const result = (test as unknown as { data: { embeddingTest: { ok: boolean; error: string } } }).data.embeddingTest;
		expect(result.ok).toBe(false);
		expect(result.error).toMatch(/refused the API key \(HTTP 401\)/);
		stub.requiredKey = undefined;
	});

	it('re-embeds guidance and attachment passages after the change; search then uses the new embedder', async () => {
		stub.requiredKey = API_KEY;
		// An attachment indexed with the old (local) model.
		const chatId = await createChat(admin);
		await insertAttachment(
			{
				chatId,
				userId: admin.id,
				fileName: 'notes.txt',
				kind: 'document',
				format: 'txt',
				byteSize: 20,
				text: 'Some notes',
				columns: null,
				rows: null,
				personalData: {}
			},
			[
				{
					position: 0,
					heading: '',
					text: 'Some notes',
					tokenCount: 2,
					embedding: toStorageVector(new Array(100).fill(0.1)),
					embeddingModel: 'local:old'
				}
			]
		);
		const stale = await pendingEmbeddings();
		expect(stale).toBeGreaterThanOrEqual(3);
		// While stale: vector search finds nothing from the old model, keyword search still works.
		expect((await searchGuidance({ query: 'parking charges', mode: 'vector' })).results).toEqual([]);
		expect((await searchGuidance({ query: 'parking charges', mode: 'hybrid' })).results[0]).toMatchObject({
			documentTitle: 'Hospital parking'
		});
		const page = await callLoad(modelsPage.load as never, admin, PATH);
		expect(page).toMatchObject({ data: { embeddings: { stale } } });

		const started = await act('reembed', admin, {});
		const jobId = (started as unknown as { data: { jobId: string } }).data.jobId;
		expect(jobId).toBeTruthy();
		expect(await runNextJob()).toBe(true);
		expect(await findJob(jobId)).toMatchObject({ status: 'succeeded', progress: stale, total: stale });

		const res = await callRoute(jobRoute.GET as never, {
			user: admin,
			method: 'GET',
			path: `/api/admin/jobs/${jobId}`,
			params: { id: jobId }
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ id: jobId, status: 'succeeded', progress: stale, total: stale });

		expect(await pendingEmbeddings()).toBe(0);
		const [counts] = await queryRows<{ chunks: number; attachment: number }>(
			testDb.handle,
			sql`select (select count(*)::int from chunks where embedding_model <> 'openai:stub-embed:16') as chunks,
				(select count(*)::int from attachment_chunks where embedding_model <> 'openai:stub-embed:16') as attachment`
		);
		expect(counts).toEqual({ chunks: 0, attachment: 0 });
		const { results } = await searchGuidance({ query: 'parking charges hospital', mode: 'vector', k: 1 });
		expect(results[0]).toMatchObject({ documentTitle: 'Hospital parking' });
		expect((await getEmbedder()).id).toBe('openai:stub-embed:16');

		const [audit] = await queryRows<{ n: number }>(
			testDb.handle,
			sql`select count(*)::int as n from audit_events where action = 'models.reembed_started'`
		);
		expect(audit.n).toBe(1);
	});

	it('going back to the built-in local embedder is saved, audited and offers re-embedding again', async () => {
		const result = await act('saveEmbeddings', admin, { embKind: 'local' });
		expect(result).toMatchObject({ kind: 'data', data: { section: 'embeddings', changed: true } });
		expect(await storedRows()).toEqual([]);
		invalidateModelConnections();
		expect((await getEmbedder()).id).toMatch(/^local:/);
		expect(await pendingEmbeddings()).toBeGreaterThan(0);
	});
});
