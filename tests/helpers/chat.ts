/**
 * Helpers for the chat integration tests: request events for calling route handlers directly, an SSE
 * reader, chat settings that point at the OpenAI stub, and row counts straight from the tables.
 */
import { randomUUID } from 'node:crypto';
import { isHttpError } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import type { ChatEvent } from '$lib/schemas/chat';
import type { SessionUser } from '$lib/schemas/user';
import type { DatabaseHandle } from '$lib/server/db';
import type { ChatSettings } from '$lib/server/llm/chat-models';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { createUser } from '$lib/server/db/queries/users';
import { seedSampleCorpusIfEmpty } from '$lib/server/ingestion/seed';
import { useChatSettings } from '$lib/server/llm/chat-models';
import { useEmbedder } from '$lib/server/llm/current-embedder';
import * as chatsRoute from '../../src/routes/api/chats/+server';
import { localEmbedder } from './corpus';
import { startOpenAIStub, type OpenAIStub } from './openai-stub';
import { queryRows, setupTestDatabase, type TestDatabase } from './test-db';

export function stubSettings(stub: OpenAIStub, overrides: Partial<ChatSettings> = {}): ChatSettings {
	return {
		provider: 'openai',
		models: [
			{ id: 'stub-model', label: 'Stub model' },
			{ id: 'stub-large', label: 'Stub large' }
		],
		contextTokens: 128_000,
		timeoutMs: 5_000,
		openai: { apiKey: 'test-key', baseUrl: stub.baseUrl },
		azure: {},
		maxRetries: 0,
		...overrides
	};
}

type Handler = (event: never) => Promise<Response> | Response;

export type ApiCall = {
	user: SessionUser | null;
	method?: string;
	path: string;
	params?: Record<string, string>;
	body?: unknown;
	signal?: AbortSignal;
};

/** Calls a +server.ts handler as SvelteKit would, turning a thrown error() into its response. */
export async function callRoute(handler: Handler, call: ApiCall): Promise<Response> {
	const url = new URL(call.path, 'http://localhost');
	const request = new Request(url, {
		method: call.method ?? 'GET',
		headers: call.body === undefined ? {} : { 'content-type': 'application/json' },
		body: call.body === undefined ? undefined : typeof call.body === 'string' ? call.body : JSON.stringify(call.body),
		signal: call.signal
	});
	const event = {
		request,
		url,
		params: call.params ?? {},
		locals: { user: call.user, session: null, requestId: randomUUID() },
		route: { id: null }
	};
	try {
		return await handler(event as never);
	} catch (e) {
		if (isHttpError(e)) return Response.json(e.body, { status: e.status });
		throw e;
	}
}

/** Parses standard SSE framing into events (comment blocks such as keep-alives are skipped). */
export function parseEvents(text: string): ChatEvent[] {
	return text
		.split('\n\n')
		.filter((block) => block.split('\n').some((line) => line.trim() && !line.startsWith(':')))
		.map((block) => {
			const name = /^event: (.+)$/m.exec(block)?.[1];
			const data = /^data: (.+)$/m.exec(block)?.[1];
			return { event: name, data: JSON.parse(data ?? 'null') } as ChatEvent;
		});
}

/** Reads a whole event stream; `onEvent` may act mid-stream (for example, abort the request). */
export async function readEvents(response: Response, onEvent?: (e: ChatEvent) => void): Promise<ChatEvent[]> {
	const reader = response.body!.getReader();
	const decoder = new TextDecoder();
	const events: ChatEvent[] = [];
	let buffer = '';
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		buffer += decoder.decode(value, { stream: true });
		let end: number;
		while ((end = buffer.indexOf('\n\n')) !== -1) {
			const [event] = parseEvents(buffer.slice(0, end + 2));
			buffer = buffer.slice(end + 2);
			if (!event) continue;
			events.push(event);
			onEvent?.(event);
		}
	}
	return events;
}

export type StoredMessage = {
	id: string;
	role: string;
	content: string;
	status: string;
	error_message: string | null;
	model: string | null;
	prompt_versions: { id: string; version: number }[] | null;
	sources: Record<string, unknown>[] | null;
	parent_id: string | null;
};

export async function storedMessages(handle: DatabaseHandle, chatId: string): Promise<StoredMessage[]> {
	return queryRows<StoredMessage>(
		handle,
		sql`select id, role, content, status, error_message, model, prompt_versions, sources, parent_id
			from messages where chat_id = ${chatId}::uuid
			order by created_at, case role when 'user' then 0 else 1 end`
	);
}

export async function countMessages(handle: DatabaseHandle): Promise<number> {
	const [row] = await queryRows<{ n: number }>(handle, sql`select count(*)::int as n from messages`);
	return row.n;
}

export type ChatFixture = { testDb: TestDatabase; stub: OpenAIStub; alice: SessionUser; bob: SessionUser };

/**
 * Registers the hooks a chat test file needs: a fresh database with the sample library, the OpenAI
 * stub as the configured model (with `titleReply` for title generation), and two accounts. The
 * returned object is filled in by the first beforeAll hook.
 */
export function useChatFixture(titleReply: string): ChatFixture {
	const fixture = {} as ChatFixture;
	beforeAll(async () => {
		fixture.testDb = await setupTestDatabase();
		useEmbedder(await localEmbedder());
		const loaded = await seedSampleCorpusIfEmpty();
		expect(loaded.filter((r) => !r.ok)).toEqual([]);
		fixture.stub = await startOpenAIStub();
		const a = await createUser({ email: 'alice@nhs.net', name: 'Alice', passwordHash: 'not-a-hash' });
		const b = await createUser({ email: 'bob@nhs.net', name: 'Bob', passwordHash: 'not-a-hash' });
		fixture.alice = { id: a.id, email: a.email, name: a.name, role: a.role };
		fixture.bob = { id: b.id, email: b.email, name: b.name, role: b.role };
	});
	beforeEach(() => {
		useChatSettings(stubSettings(fixture.stub));
		fixture.stub.titleReply = titleReply;
		fixture.stub.replyTo = undefined;
	});
	afterEach(() => {
		useChatSettings(undefined);
	});
	afterAll(async () => {
		await fixture.stub?.close();
		await fixture.testDb?.teardown();
	});
	return fixture;
}

/** Creates a chat through the API as `user` and returns its id. */
export async function createChat(user: SessionUser, body: unknown = {}): Promise<string> {
	const res = await callRoute(chatsRoute.POST, { user, method: 'POST', path: '/api/chats', body });
	expect(res.status).toBe(201);
	return ((await res.json()) as { id: string }).id;
}
