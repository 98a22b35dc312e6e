import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runTurn } from '$lib/server/chat/turn';
import {
	finishAssistantMessage,
	findChatForUser,
	insertChat,
	insertStreamingAssistantMessage,
	insertUserMessage,
	markStreamingMessagesInterrupted,
	saveStreamingContent
} from '$lib/server/db/queries/chats';
import { createUser } from '$lib/server/db/queries/users';
import { seedSampleCorpusIfEmpty } from '$lib/server/ingestion/seed';
import { useChatSettings } from '$lib/server/llm/chat-models';
import { useEmbedder } from '$lib/server/llm/current-embedder';
import { storedMessages, stubSettings } from '../helpers/chat';
import { localEmbedder } from '../helpers/corpus';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let stub: OpenAIStub;
let userId: string;

beforeAll(async () => {
	testDb = await setupTestDatabase();
	useEmbedder(await localEmbedder());
	await seedSampleCorpusIfEmpty();
	stub = await startOpenAIStub();
	userId = (await createUser({ email: 'turns@nhs.net', name: 'Turns', passwordHash: 'not-a-hash' })).id;
});

afterEach(() => useChatSettings(undefined));

afterAll(async () => {
	await stub?.close();
	await testDb?.teardown();
});

describe('answers left streaming by a stopped server', () => {
	it('are marked interrupted at start-up, keeping their saved text; finished answers are untouched', async () => {
		const chat = await insertChat({ userId, title: 'Restarted' });
		const question = await insertUserMessage(chat.id, 'Question');
		const cut = await insertStreamingAssistantMessage({
			chatId: chat.id,
			parentId: question.id,
			model: 'm',
			promptVersions: []
		});
		await saveStreamingContent(cut.id, 'Half an ans');
		const other = await insertUserMessage(chat.id, 'Another');
		const finished = await insertStreamingAssistantMessage({
			chatId: chat.id,
			parentId: other.id,
			model: 'm',
			promptVersions: []
		});
		await finishAssistantMessage(finished.id, { content: 'Whole answer', status: 'complete', sources: [] });

		expect(await markStreamingMessagesInterrupted()).toBe(1);

		const rows = await storedMessages(testDb.handle, chat.id);
		expect(rows.map((r) => [r.content, r.status])).toEqual([
			['Question', 'complete'],
			['Half an ans', 'interrupted'],
			['Another', 'complete'],
			['Whole answer', 'complete']
		]);
		expect(await markStreamingMessagesInterrupted()).toBe(0);
	});
});

describe('history that does not fit the context window', () => {
	it('drops the oldest messages first and always keeps the system prompt and the passages', async () => {
		useChatSettings(stubSettings(stub, { contextTokens: 20_000 }));
		const created = await insertChat({ userId, title: 'Long chat' });
		for (let i = 0; i < 10; i++) {
			const q = await insertUserMessage(created.id, `Question ${i} ${'q'.repeat(4000)}`);
			const a = await insertStreamingAssistantMessage({
				chatId: created.id,
				parentId: q.id,
				model: 'stub-model',
				promptVersions: []
			});
			await finishAssistantMessage(a.id, {
				content: `Answer ${i} ${'a'.repeat(4000)}`,
				status: 'complete',
				sources: []
			});
		}
		const chat = (await findChatForUser(created.id, userId))!;
		stub.next({ kind: 'answer', chunks: ['Short answer [1].'] });

		const events = [];
		for await (const e of runTurn({
			chat,
			content: 'how can I tell if my draft sounds too stiff',
			signal: new AbortController().signal
		})) {
			events.push(e);
		}

		expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'complete' } });
		const sent = stub.requests.filter((r) => r.stream).at(-1)!.messages;
		expect(sent[0].role).toBe('system');
		expect(sent[0].content).toContain('NHS Comms Assist');
		expect(sent[1].role).toBe('system');
		expect(sent[1].content).toContain('[1] ');
		expect(sent[1].content).toContain('[6] ');
		expect(sent.at(-1)).toEqual({ role: 'user', content: 'how can I tell if my draft sounds too stiff' });
		const history = sent.slice(2, -1);
		const numbers = history.map((m) => Number(/^(?:Question|Answer) (\d)/.exec(m.content)![1]));
		expect(history.length).toBeGreaterThan(2);
		expect(history.length).toBeLessThan(20);
		// What is kept is the most recent part of the conversation, starting with a question.
		expect(history[0].role).toBe('user');
		expect(numbers.at(-1)).toBe(9);
		expect(history.at(-1)!.role).toBe('assistant');
		expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
		expect(numbers[0]).toBeGreaterThan(0);
	});
});
