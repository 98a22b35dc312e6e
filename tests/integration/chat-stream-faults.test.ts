/**
 * Failures that escape a turn (not a provider error, which the turn handles itself) and quiet streams:
 * the answer is ended as `error` at once with its partial text and the person gets `error` then `done`;
 * while the model is silent the stream sends SSE keep-alive comments.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChatEvent } from '$lib/schemas/chat';
import type { SessionUser } from '$lib/schemas/user';
import { SSE_HEARTBEAT } from '$lib/server/chat/sse';
import { guardTurn } from '$lib/server/chat/stream-turn';
import * as chatQueries from '$lib/server/db/queries/chats';
import * as messagesRoute from '../../src/routes/api/chats/[id]/messages/+server';
import {
	callRoute,
	countMessages,
	createChat,
	parseEvents,
	readEvents,
	storedMessages,
	useChatFixture
} from '../helpers/chat';
import type { OpenAIStub } from '../helpers/openai-stub';
import type { TestDatabase } from '../helpers/test-db';
import { logger } from '$lib/server/observability/log';

const fixture = useChatFixture('Fault title');
let testDb: TestDatabase;
let stub: OpenAIStub;
let alice: SessionUser;

beforeAll(() => {
	({ testDb, stub, alice } = fixture);
});

afterEach(() => {
	vi.restoreAllMocks();
	SSE_HEARTBEAT.ms = 15_000;
});

function send(chatId: string, body: unknown) {
	return callRoute(messagesRoute.POST, {
		user: alice,
		method: 'POST',
		path: `/api/chats/${chatId}/messages`,
		params: { id: chatId },
		body
	});
}

describe('a failure that escapes the turn', () => {
	it('ends the answer as error straight away with its partial text, then sends error and done', async () => {
		const chatId = await createChat(alice, { title: 'Faulty' });
		stub.next({ kind: 'answer', chunks: ['Partial ', 'answer text.'] });
		// Saving the finished answer fails (say the database dropped the connection for a moment).
		const finish = vi
			.spyOn(chatQueries, 'finishAssistantMessage')
			.mockRejectedValueOnce(new Error('connection terminated unexpectedly'));
		const logged = vi.spyOn(logger(), 'error').mockImplementation(() => undefined);
		const before = await countMessages(testDb.handle);

		const events = await readEvents(await send(chatId, { content: 'Write a short post', useGuidance: false }));

		expect(finish).toHaveBeenCalledTimes(1);
		expect(events.map((e) => e.event)).toEqual(['start', 'token', 'token', 'error', 'done']);
		const start = events[0] as Extract<ChatEvent, { event: 'start' }>;
		expect(events.at(-2)).toEqual({
			event: 'error',
			data: {
				message: expect.stringContaining('problem with the service'),
				errorId: expect.any(String),
				retryable: true
			}
		});
		expect(events.at(-1)).toEqual({
			event: 'done',
			data: { assistantMessageId: start.data.assistantMessageId, status: 'error' }
		});
		// Not left `streaming` until a restart: the row is terminal before `done` reached the person.
		const rows = await storedMessages(testDb.handle, chatId);
		expect(rows.map((r) => [r.role, r.content, r.status])).toEqual([
			['user', 'Write a short post', 'complete'],
			['assistant', 'Partial answer text.', 'error']
		]);
		expect(rows[1].error_message).toContain('problem with the service');
		expect(await countMessages(testDb.handle)).toBe(before + 2);
		expect(logged.mock.calls.some((c) => String(c[1]).includes('failed'))).toBe(true);
	});

	it('keeps the status of an answer that had already ended', async () => {
		const chatId = await createChat(alice, { title: 'Ended' });
		const question = await chatQueries.insertUserMessage(chatId, 'Q');
		const answer = await chatQueries.insertStreamingAssistantMessage({
			chatId,
			parentId: question.id,
			model: 'stub-model',
			promptVersions: []
		});
		await chatQueries.finishAssistantMessage(answer.id, { content: 'Done.', status: 'complete', sources: [] });
		expect(await chatQueries.failStreamingAssistantMessage(answer.id, 'other', 'x')).toBe('complete');
		const rows = await storedMessages(testDb.handle, chatId);
		expect(rows[1]).toMatchObject({ content: 'Done.', status: 'complete', error_message: null });
	});

	it('before the answer exists: an error event and nothing marked', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => undefined);
		// eslint-disable-next-line require-yield
		async function* failing(): AsyncGenerator<ChatEvent> {
			throw new Error('boom');
		}
		const events: ChatEvent[] = [];
		for await (const e of guardTurn(failing(), 'err-1', 'test turn')) events.push(e);
		expect(events).toEqual([
			{ event: 'error', data: { message: expect.any(String), errorId: 'err-1', retryable: true } }
		]);
	});
});

describe('a quiet stream', () => {
	it('sends keep-alive comments while waiting for the model, which clients ignore', async () => {
		SSE_HEARTBEAT.ms = 40;
		const chatId = await createChat(alice, { title: 'Slow model' });
		stub.next({ kind: 'answer', chunks: ['Slow ', 'answer.'], firstTokenDelayMs: 400 });

		const raw = await (await send(chatId, { content: 'Take your time', useGuidance: false })).text();

		const firstToken = raw.indexOf('event: token');
		const beats = raw.slice(0, firstToken).split(': keep-alive\n\n').length - 1;
		expect(beats).toBeGreaterThanOrEqual(3);
		expect(raw).toMatch(/(^|\n\n): keep-alive\n\n/);
		expect(parseEvents(raw).map((e) => e.event)).toEqual(['start', 'token', 'token', 'done']);
	});

	it('sends none when the stream is never quiet for that long', async () => {
		const chatId = await createChat(alice, { title: 'Fast model' });
		stub.next({ kind: 'answer', chunks: ['Quick.'] });
		const raw = await (await send(chatId, { content: 'Quick one', useGuidance: false })).text();
		expect(raw).not.toContain('keep-alive');
		expect(parseEvents(raw).at(-1)).toMatchObject({ event: 'done', data: { status: 'complete' } });
	});
});
