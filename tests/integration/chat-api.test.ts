import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/schemas/user';
import { createUser } from '$lib/server/db/queries/users';
import { useChatSettings } from '$lib/server/llm/chat-models';
import * as chatsRoute from '../../src/routes/api/chats/+server';
import * as chatRoute from '../../src/routes/api/chats/[id]/+server';
import * as messagesRoute from '../../src/routes/api/chats/[id]/messages/+server';
import * as regenerateRoute from '../../src/routes/api/chats/[id]/messages/[messageId]/regenerate/+server';
import {
	callRoute,
	countMessages,
	createChat,
	readEvents,
	storedMessages,
	stubSettings,
	useChatFixture
} from '../helpers/chat';
import type { OpenAIStub } from '../helpers/openai-stub';
import type { TestDatabase } from '../helpers/test-db';

const fixture = useChatFixture('Winter vaccine campaign post');
let testDb: TestDatabase;
let stub: OpenAIStub;
let alice: SessionUser;
let bob: SessionUser;

beforeAll(() => {
	({ testDb, stub, alice, bob } = fixture);
});

function newChat(user: SessionUser = alice, body: unknown = {}): Promise<string> {
	return createChat(user, body);
}

function send(chatId: string, body: unknown, options: { user?: SessionUser; signal?: AbortSignal } = {}) {
	return callRoute(messagesRoute.POST, {
		user: options.user ?? alice,
		method: 'POST',
		path: `/api/chats/${chatId}/messages`,
		params: { id: chatId },
		body,
		signal: options.signal
	});
}

const LUNCH = 'should I put 12pm or something else for lunchtime';

describe('a grounded answer', () => {
	it('streams sources and tokens, keeps real citations, drops made-up ones and stores what was cited', async () => {
		const chatId = await newChat();
		stub.next({ kind: 'answer', chunks: ['Write "midday" ', 'rather than 12pm [1].', ' See also [2] and [9].'] });
		const before = stub.requests.length;

		const res = await send(chatId, { content: LUNCH });

		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('text/event-stream');
		const events = await readEvents(res);
		expect(events.map((e) => e.event)).toEqual(['start', 'sources', 'token', 'token', 'token', 'title', 'done']);
		const sources = events.find((e) => e.event === 'sources')!.data as {
			sources: { n: number; documentTitle: string; text: string }[];
		};
		expect(sources.sources.length).toBe(6);
		expect(sources.sources.map((s) => s.n)).toEqual([1, 2, 3, 4, 5, 6]);
		expect(sources.sources[0].text).toContain('Write "midday" and "midnight".');
		expect(events.at(-1)).toEqual({
			event: 'done',
			data: { assistantMessageId: expect.any(String), status: 'complete' }
		});
		expect(events.find((e) => e.event === 'title')?.data).toEqual({ title: 'Winter vaccine campaign post' });

		// The model was given the numbered passages and asked to cite them.
		const streamed = stub.requests.slice(before).find((r) => r.stream)!;
		expect(streamed.model).toBe('stub-model');
		expect(streamed.messages[0].role).toBe('system');
		expect(streamed.messages[0].content).toContain('NHS Comms Assist');
		const grounding = streamed.messages.find((m) => m.content.includes('numbered passages'))!;
		expect(grounding.content).toContain('[1] ');
		expect(grounding.content).toContain('Write "midday" and "midnight".');
		expect(streamed.messages.at(-1)).toEqual({ role: 'user', content: LUNCH });

		const [user, assistant] = await storedMessages(testDb.handle, chatId);
		expect(user).toMatchObject({ role: 'user', content: LUNCH, status: 'complete' });
		expect(assistant).toMatchObject({
			role: 'assistant',
			status: 'complete',
			content: 'Write "midday" rather than 12pm [1]. See also [2] and.',
			model: 'stub-model',
			parent_id: user.id,
			prompt_versions: [
				{ id: 'chat-system', version: 1 },
				{ id: 'chat-grounding', version: 1 }
			]
		});
		expect(assistant.sources!.map((s) => s.n)).toEqual([1, 2]);
		expect(assistant.sources![0]).toMatchObject({
			documentTitle: sources.sources[0].documentTitle,
			text: sources.sources[0].text,
			chunkId: expect.any(String),
			documentId: expect.any(String),
			version: 1
		});

		const detail = await callRoute(chatRoute.GET, {
			user: alice,
			path: `/api/chats/${chatId}`,
			params: { id: chatId }
		});
		const body = (await detail.json()) as { title: string; messages: { status: string; sources: unknown[] }[] };
		expect(body.title).toBe('Winter vaccine campaign post');
		expect(body.messages.map((m) => m.status)).toEqual(['complete', 'complete']);
		expect(body.messages[1].sources).toHaveLength(2);
	});

	it('does not search guidance when the chat turns it off, and remembers the choice', async () => {
		const chatId = await newChat();
		stub.next({ kind: 'answer', chunks: ['Plain answer [1].'] });

		const events = await readEvents(await send(chatId, { content: LUNCH, useGuidance: false }));

		expect(events.map((e) => e.event)).not.toContain('sources');
		const streamed = stub.requests.filter((r) => r.stream).at(-1)!;
		expect(streamed.messages.some((m) => m.content.includes('numbered passages'))).toBe(false);
		const [, assistant] = await storedMessages(testDb.handle, chatId);
		expect(assistant.content).toBe('Plain answer.');
		expect(assistant.sources).toEqual([]);
		expect(assistant.prompt_versions).toEqual([{ id: 'chat-system', version: 1 }]);
		const detail = await callRoute(chatRoute.GET, {
			user: alice,
			path: `/api/chats/${chatId}`,
			params: { id: chatId }
		});
		expect(((await detail.json()) as { useGuidance: boolean }).useGuidance).toBe(false);
	});

	it('uses the model asked for, and names the chat from the first words when title generation fails', async () => {
		const chatId = await newChat();
		stub.titleReply = 500;
		stub.next({ kind: 'answer', chunks: ['Done.'] });

		const events = await readEvents(
			await send(chatId, { content: 'Draft a tweet about flu jabs for the over 65s this winter', model: 'stub-large' })
		);

		expect(events.find((e) => e.event === 'title')?.data).toEqual({
			title: 'Draft a tweet about flu jabs for the…'
		});
		expect(stub.requests.filter((r) => r.stream).at(-1)!.model).toBe('stub-large');
		const [, assistant] = await storedMessages(testDb.handle, chatId);
		expect(assistant.model).toBe('stub-large');
	});

	it('sends the earlier conversation with a follow-up and does not rename the chat', async () => {
		const chatId = await newChat(alice, { title: 'My chat' });
		stub.next({ kind: 'answer', chunks: ['First answer.'] });
		await readEvents(await send(chatId, { content: 'First question', useGuidance: false }));
		stub.next({ kind: 'answer', chunks: ['Second answer.'] });

		const events = await readEvents(await send(chatId, { content: 'Second question', useGuidance: false }));

		expect(events.map((e) => e.event)).not.toContain('title');
		const streamed = stub.requests.filter((r) => r.stream).at(-1)!;
		expect(streamed.messages.slice(1)).toEqual([
			{ role: 'user', content: 'First question' },
			{ role: 'assistant', content: 'First answer.' },
			{ role: 'user', content: 'Second question' }
		]);
	});
});

describe('when the model fails', () => {
	async function expectOneQuestionAndEnding(chatId: string, status: string, content: string) {
		const rows = await storedMessages(testDb.handle, chatId);
		expect(rows.filter((r) => r.role === 'user')).toHaveLength(1);
		expect(rows).toHaveLength(2);
		expect(rows[1]).toMatchObject({ role: 'assistant', status, content });
		return rows[1];
	}

	it('HTTP 500: an error event that may be retried, and the question kept once', async () => {
		const chatId = await newChat();
		stub.next({ kind: 'status', status: 500 });

		const events = await readEvents(await send(chatId, { content: 'Hello', useGuidance: false }));

		const error = events.find((e) => e.event === 'error')!.data as { message: string; retryable: boolean };
		expect(error).toMatchObject({ retryable: true, errorId: expect.any(String) });
		expect(error.message).toMatch(/language model service had a problem/);
		expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'error' } });
		const assistant = await expectOneQuestionAndEnding(chatId, 'error', '');
		expect(assistant.error_message).toBe(error.message);
	});

	it('timeout: the partial text is saved while streaming and kept when the model stops responding', async () => {
		useChatSettings(stubSettings(stub, { timeoutMs: 1_500 }));
		const chatId = await newChat();
		const long = 'A'.repeat(450);
		stub.next({ kind: 'hang', chunks: [long] });
		let assistantId = '';
		let midStream: Promise<{ status: string; content: string }> | undefined;

		const events = await readEvents(await send(chatId, { content: 'Hello', useGuidance: false }), (e) => {
			if (e.event === 'start') assistantId = e.data.assistantMessageId;
			// While the model hangs, the 450 characters already received are in the database.
			if (e.event === 'token')
				midStream = new Promise((r) => setTimeout(r, 300)).then(
					async () => (await storedMessages(testDb.handle, chatId))[1]
				);
		});

		expect(await midStream).toMatchObject({ status: 'streaming', content: long });
		const error = events.find((e) => e.event === 'error')!.data as { message: string; retryable: boolean };
		expect(error.message).toMatch(/did not respond within 2 seconds/);
		expect(error.retryable).toBe(true);
		const assistant = await expectOneQuestionAndEnding(chatId, 'error', long);
		expect(assistant.id).toBe(assistantId);
	});

	it('connection closed mid-answer: error, partial text kept', async () => {
		const chatId = await newChat();
		stub.next({ kind: 'close', chunks: ['Partial ', 'answer'] });

		const events = await readEvents(await send(chatId, { content: 'Hello', useGuidance: false }));

		expect(events.filter((e) => e.event === 'token').map((e) => (e.data as { text: string }).text)).toEqual([
			'Partial ',
			'answer'
		]);
		expect(events.find((e) => e.event === 'error')?.data).toMatchObject({
			retryable: true,
			message: expect.stringContaining('connection to the language model service failed')
		});
		await expectOneQuestionAndEnding(chatId, 'error', 'Partial answer');
	});

	it('malformed chunk: error, partial text kept', async () => {
		const chatId = await newChat();
		stub.next({ kind: 'malformed', chunks: ['Some text'] });

		const events = await readEvents(await send(chatId, { content: 'Hello', useGuidance: false }));

		expect(events.find((e) => e.event === 'error')?.data).toMatchObject({
			retryable: true,
			message: expect.stringContaining('could not be read')
		});
		expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'error' } });
		await expectOneQuestionAndEnding(chatId, 'error', 'Some text');
	});

	it('the person closes the connection: generation stops and the partial text is kept as stopped', async () => {
		const chatId = await newChat();
		stub.next({
			kind: 'answer',
			chunks: ['One ', 'two ', 'three ', 'four ', 'five ', 'six ', 'seven ', 'eight '],
			chunkDelayMs: 100
		});
		const controller = new AbortController();
		const gone = stub.clientGone();

		const events = await readEvents(
			await send(chatId, { content: 'Count', useGuidance: false }, { signal: controller.signal }),
			(e) => {
				if (e.event === 'token' && e.data.text === 'two ') controller.abort();
			}
		);

		await gone; // the model request itself was cancelled, not left running
		expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'stopped' } });
		const rows = await storedMessages(testDb.handle, chatId);
		expect(rows).toHaveLength(2);
		expect(rows[1].status).toBe('stopped');
		expect(rows[1].content).toMatch(/^One two /);
		expect(rows[1].content).not.toContain('eight');
	});

	it('a slow first token is fine when it arrives within the timeout', async () => {
		const chatId = await newChat();
		stub.next({ kind: 'answer', chunks: ['Late but fine.'], firstTokenDelayMs: 700 });

		const events = await readEvents(await send(chatId, { content: 'Hello', useGuidance: false }));

		expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'complete' } });
		await expectOneQuestionAndEnding(chatId, 'complete', 'Late but fine.');
	});

	it('no model configured: the question is stored once and the error says what an administrator must set', async () => {
		useChatSettings(stubSettings(stub, { models: [] }));
		const chatId = await newChat();
		const requests = stub.requests.length;

		const events = await readEvents(await send(chatId, { content: 'Hello there', useGuidance: true }));

		expect(events.map((e) => e.event)).toEqual(['start', 'error', 'title', 'done']);
		const error = events[1].data as { message: string; retryable: boolean };
		expect(error.message).toContain('CHAT_MODELS');
		expect(error.retryable).toBe(false);
		expect(stub.requests.length).toBe(requests);
		const assistant = await expectOneQuestionAndEnding(chatId, 'error', '');
		expect(assistant.error_message).toContain('An administrator must set CHAT_MODELS');
	});
});

describe('validation', () => {
	it.each([
		['empty', '', 'Enter a message'],
		['whitespace only', '  \n\t ', 'Enter a message'],
		['too long', 'a'.repeat(20_001), 'Your message is too long']
	])('rejects a message that is %s and stores nothing', async (_label, content, message) => {
		const chatId = await newChat();
		const before = await countMessages(testDb.handle);

		const res = await send(chatId, { content });

		expect(res.status).toBe(400);
		expect(((await res.json()) as { message: string }).message).toContain(message);
		expect(await countMessages(testDb.handle)).toBe(before);
	});

	it('accepts a message of exactly the limit', async () => {
		const chatId = await newChat();
		const res = await send(chatId, { content: 'a'.repeat(20_000), useGuidance: false });
		expect(res.status).toBe(200);
		await readEvents(res);
	});

	it('rejects an unknown model, naming the configured ones, and stores nothing', async () => {
		const chatId = await newChat();
		const before = await countMessages(testDb.handle);

		const res = await send(chatId, { content: 'Hello', model: 'gpt-99' });

		expect(res.status).toBe(400);
		expect(((await res.json()) as { message: string }).message).toBe(
			'There is no model called "gpt-99". Choose one of: stub-model, stub-large.'
		);
		expect(await countMessages(testDb.handle)).toBe(before);
	});

	it('rejects a body that is not JSON', async () => {
		const chatId = await newChat();
		const res = await send(chatId, 'not json');
		expect(res.status).toBe(400);
	});

	it('asks signed-out people to sign in', async () => {
		const res = await callRoute(chatsRoute.GET, { user: null, path: '/api/chats' });
		expect(res.status).toBe(401);
	});
});

describe('chats belong to the person who made them', () => {
	it("someone else's chat, or a missing one, is 404 on every route", async () => {
		const chatId = await newChat(alice, { title: 'Alice only' });
		const missing = '00000000-0000-4000-8000-000000000000';
		for (const id of [chatId, missing, 'not-a-uuid']) {
			const params = { id };
			const path = `/api/chats/${id}`;
			const responses = [
				await callRoute(chatRoute.GET, { user: bob, path, params }),
				await callRoute(chatRoute.PATCH, { user: bob, method: 'PATCH', path, params, body: { title: 'Mine now' } }),
				await callRoute(chatRoute.DELETE, { user: bob, method: 'DELETE', path, params }),
				await send(id, { content: 'Hello' }, { user: bob })
			];
			expect(responses.map((r) => r.status)).toEqual([404, 404, 404, 404]);
		}
		const list = await callRoute(chatsRoute.GET, { user: bob, path: '/api/chats' });
		expect(((await list.json()) as { chats: { id: string }[] }).chats.map((c) => c.id)).not.toContain(chatId);
		const still = await callRoute(chatRoute.GET, { user: alice, path: `/api/chats/${chatId}`, params: { id: chatId } });
		expect(((await still.json()) as { title: string }).title).toBe('Alice only');
	});

	it('lists my chats newest first, searches titles and message text, renames and deletes', async () => {
		const carol = await createUser({ email: 'carol@nhs.net', name: 'Carol', passwordHash: 'not-a-hash' });
		const user: SessionUser = { id: carol.id, email: carol.email, name: carol.name, role: carol.role };
		const first = await newChat(user, { title: 'Measles outbreak statement' });
		const second = await newChat(user, { title: 'Staff newsletter' });
		stub.next({ kind: 'answer', chunks: ['The pharmacy opening hours change next week.'] });
		await readEvents(await send(second, { content: 'Write about pharmacies', useGuidance: false }, { user }));

		const list = async (q?: string) => {
			const res = await callRoute(chatsRoute.GET, {
				user,
				path: `/api/chats${q ? `?q=${encodeURIComponent(q)}` : ''}`
			});
			return ((await res.json()) as { chats: { id: string; title: string }[] }).chats.map((c) => c.id);
		};
		expect(await list()).toEqual([second, first]);
		expect(await list('measles')).toEqual([first]);
		expect(await list('opening hours')).toEqual([second]);
		expect(await list('nothing-matches-this')).toEqual([]);

		const renamed = await callRoute(chatRoute.PATCH, {
			user,
			method: 'PATCH',
			path: `/api/chats/${first}`,
			params: { id: first },
			body: { title: 'Measles: final statement' }
		});
		expect(renamed.status).toBe(200);
		expect(((await renamed.json()) as { title: string }).title).toBe('Measles: final statement');
		const blank = await callRoute(chatRoute.PATCH, {
			user,
			method: 'PATCH',
			path: `/api/chats/${first}`,
			params: { id: first },
			body: { title: '   ' }
		});
		expect(blank.status).toBe(400);

		const deleted = await callRoute(chatRoute.DELETE, {
			user,
			method: 'DELETE',
			path: `/api/chats/${second}`,
			params: { id: second }
		});
		expect(deleted.status).toBe(204);
		expect(await list()).toEqual([first]);
		expect(await storedMessages(testDb.handle, second)).toEqual([]);
	});
});

describe('regenerating an answer', () => {
	function regenerate(chatId: string, messageId: string, body: unknown = {}, user: SessionUser = alice) {
		return callRoute(regenerateRoute.POST, {
			user,
			method: 'POST',
			path: `/api/chats/${chatId}/messages/${messageId}/regenerate`,
			params: { id: chatId, messageId },
			body
		});
	}

	it('adds a new answer to the same question, keeps the earlier one, and follow-ups see only the latest', async () => {
		const chatId = await newChat(alice, { title: 'Branches' });
		stub.next({ kind: 'answer', chunks: ['First try.'] });
		await readEvents(await send(chatId, { content: 'Write a headline', useGuidance: false }));
		const [question, first] = await storedMessages(testDb.handle, chatId);
		stub.next({ kind: 'answer', chunks: ['Second try.'] });

		const events = await readEvents(await regenerate(chatId, first.id, { model: 'stub-large' }));

		expect(events.map((e) => e.event)).toEqual(['start', 'token', 'done']);
		expect(events[0].data).toMatchObject({ userMessageId: question.id });
		const sent = stub.requests.filter((r) => r.stream).at(-1)!;
		expect(sent.model).toBe('stub-large');
		expect(sent.messages.slice(1)).toEqual([{ role: 'user', content: 'Write a headline' }]);
		const rows = await storedMessages(testDb.handle, chatId);
		expect(rows.map((r) => [r.role, r.content, r.parent_id])).toEqual([
			['user', 'Write a headline', null],
			['assistant', 'First try.', question.id],
			['assistant', 'Second try.', question.id]
		]);

		stub.next({ kind: 'answer', chunks: ['Follow-up answer.'] });
		await readEvents(await send(chatId, { content: 'Shorter please', useGuidance: false }));
		expect(
			stub.requests
				.filter((r) => r.stream)
				.at(-1)!
				.messages.slice(1)
		).toEqual([
			{ role: 'user', content: 'Write a headline' },
			{ role: 'assistant', content: 'Second try.' },
			{ role: 'user', content: 'Shorter please' }
		]);
	});

	it('is 404 for a question, a missing message, or someone else’s chat, and stores nothing', async () => {
		const chatId = await newChat();
		stub.next({ kind: 'answer', chunks: ['An answer.'] });
		await readEvents(await send(chatId, { content: 'Hello', useGuidance: false }));
		const [question, answer] = await storedMessages(testDb.handle, chatId);
		const before = await countMessages(testDb.handle);

		const statuses = [
			(await regenerate(chatId, question.id)).status,
			(await regenerate(chatId, '00000000-0000-4000-8000-000000000000')).status,
			(await regenerate(chatId, 'nope')).status,
			(await regenerate(chatId, answer.id, {}, bob)).status
		];

		expect(statuses).toEqual([404, 404, 404, 404]);
		expect(await countMessages(testDb.handle)).toBe(before);
		expect((await regenerate(chatId, answer.id, { model: 'gpt-99' })).status).toBe(400);
	});
});
