/**
 * Azure OpenAI through AzureChatOpenAI against the OpenAI-compatible stub: settings parsed from the
 * AZURE_OPENAI_* environment names, the deployment named in CHAT_MODELS in the request path, the API
 * version in the query and the key in the `api-key` header, for streamed answers and for titles.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '$lib/schemas/user';
import { parseConfig } from '$lib/server/config';
import { useChatSettings } from '$lib/server/llm/chat-models';
import * as messagesRoute from '../../src/routes/api/chats/[id]/messages/+server';
import { callRoute, createChat, readEvents, storedMessages, useChatFixture } from '../helpers/chat';
import type { OpenAIStub } from '../helpers/openai-stub';
import type { TestDatabase } from '../helpers/test-db';

const fixture = useChatFixture('Azure named this chat');
let testDb: TestDatabase;
let stub: OpenAIStub;
let alice: SessionUser;

beforeAll(() => {
	({ testDb, stub, alice } = fixture);
});

afterEach(() => {
	vi.restoreAllMocks();
});

function azureSettings(endpoint: string) {
	const { chat } = parseConfig({
		CHAT_MODELS: 'nhs-gpt-4o=NHS GPT-4o,nhs-gpt-4o-mini',
		AZURE_OPENAI_API_KEY: 'azure-test-key',
		AZURE_OPENAI_ENDPOINT: endpoint,
		AZURE_OPENAI_API_VERSION: '2024-10-21'
	});
	return { ...chat, timeoutMs: 5_000, maxRetries: 0 };
}

describe('Azure OpenAI', () => {
	it('is chosen when only the AZURE_OPENAI_* settings are given, with deployments as the models', () => {
		const settings = azureSettings(stub.origin);
		expect(settings.provider).toBe('azure');
		expect(settings.models).toEqual([
			{ id: 'nhs-gpt-4o', label: 'NHS GPT-4o' },
			{ id: 'nhs-gpt-4o-mini', label: 'nhs-gpt-4o-mini' }
		]);
	});

	it('streams an answer from the deployment, with the API version and key, and names the chat', async () => {
		// A trailing /openai/ on the endpoint (as copied from the Azure portal) is tolerated.
		useChatSettings(azureSettings(`${stub.origin}/openai/`));
		const chatId = await createChat(alice);
		stub.next({ kind: 'answer', chunks: ['Hello ', 'from Azure.'] });
		const before = stub.requests.length;

		const res = await callRoute(messagesRoute.POST, {
			user: alice,
			method: 'POST',
			path: `/api/chats/${chatId}/messages`,
			params: { id: chatId },
			body: { content: 'Say hello', useGuidance: false, model: 'nhs-gpt-4o-mini' }
		});
		const events = await readEvents(res);

		expect(events.map((e) => e.event)).toEqual(['start', 'token', 'token', 'title', 'done']);
		expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'complete' } });
		const [streamed, title] = stub.requests.slice(before);
		expect(streamed).toMatchObject({
			stream: true,
			path: '/openai/deployments/nhs-gpt-4o-mini/chat/completions',
			query: { 'api-version': '2024-10-21' },
			headers: { 'api-key': 'azure-test-key' }
		});
		expect(streamed.headers.authorization).toBeUndefined();
		expect(streamed.messages.at(-1)).toEqual({ role: 'user', content: 'Say hello' });
		expect(title).toMatchObject({
			stream: false,
			path: '/openai/deployments/nhs-gpt-4o-mini/chat/completions',
			query: { 'api-version': '2024-10-21' }
		});
		expect(events.find((e) => e.event === 'title')?.data).toEqual({ title: 'Azure named this chat' });
		const rows = await storedMessages(testDb.handle, chatId);
		expect(rows.map((r) => [r.role, r.content, r.status, r.model])).toEqual([
			['user', 'Say hello', 'complete', null],
			['assistant', 'Hello from Azure.', 'complete', 'nhs-gpt-4o-mini']
		]);
	});

	it('an unknown deployment (404 from Azure) is an error an administrator can act on', async () => {
		useChatSettings(azureSettings(stub.origin));
		vi.spyOn(console, 'error').mockImplementation(() => undefined);
		const chatId = await createChat(alice, { title: 'Missing deployment' });
		stub.next({ kind: 'status', status: 404 });
		const events = await readEvents(
			await callRoute(messagesRoute.POST, {
				user: alice,
				method: 'POST',
				path: `/api/chats/${chatId}/messages`,
				params: { id: chatId },
				body: { content: 'Hello?', useGuidance: false }
			})
		);
		expect(stub.requests.at(-1)?.path).toBe('/openai/deployments/nhs-gpt-4o/chat/completions');
		expect(events.map((e) => e.event)).toEqual(['start', 'error', 'done']);
		expect(events[1].data).toMatchObject({ message: expect.stringContaining('does not recognise this model') });
		expect((await storedMessages(testDb.handle, chatId))[1].status).toBe('error');
	});
});
