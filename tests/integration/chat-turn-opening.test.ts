/**
 * The fast path before the first token: the turn opens in one statement (question stored and
 * committed, answer row created) before the model is called; the organisation settings every turn
 * reads are cached and dropped on every instance when any instance changes them; the streamed text
 * is saved in the background without holding up the tokens.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '$lib/schemas/user';
import { publishClusterMessage, startClusterBus, stopClusterBus } from '$lib/server/cluster/bus';
import { StreamSaver } from '$lib/server/chat/turn-stream';
import { openTurn } from '$lib/server/db/queries/chats';
import { getSetting, setSetting } from '$lib/server/governance/settings';
import * as messagesRoute from '../../src/routes/api/chats/[id]/messages/+server';
import { callRoute, createChat, readEvents, storedMessages, useChatFixture } from '../helpers/chat';
import type { OpenAIStub } from '../helpers/openai-stub';
import { queryRows, type TestDatabase } from '../helpers/test-db';

const fixture = useChatFixture('Opening title');
let testDb: TestDatabase;
let stub: OpenAIStub;
let alice: SessionUser;

beforeAll(() => {
	({ testDb, stub, alice } = fixture);
});

afterEach(() => {
	vi.restoreAllMocks();
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

describe('opening a turn', () => {
	it('has the question committed, and the answer row open, when the model is called', async () => {
		const chatId = await createChat(alice, { title: 'Committed first' });
		let release!: () => void;
		stub.next({ kind: 'answer', chunks: ['One ', 'two.'], beforeLast: new Promise<void>((r) => (release = r)) });
		const before = stub.requests.length;
		const reading = send(chatId, { content: 'When is the flu clinic open?', useGuidance: true }).then(readEvents);
		await expect.poll(() => stub.requests.length).toBe(before + 1);
		// The model has the request; what a second connection (another instance) reads is already there.
		const rows = await storedMessages(testDb.handle, chatId);
		expect(rows.map((r) => [r.role, r.content, r.status])).toEqual([
			['user', 'When is the flu clinic open?', 'complete'],
			['assistant', '', 'streaming']
		]);
		expect(rows[1].parent_id).toBe(rows[0].id);
		expect(rows[1].prompt_versions?.map((p) => p.id)).toContain('chat-system');
		release();
		const events = await reading;
		const start = events.find((e) => e.event === 'start');
		expect(start?.data).toEqual({ userMessageId: rows[0].id, assistantMessageId: rows[1].id });
		expect((await storedMessages(testDb.handle, chatId)).map((r) => [r.role, r.content, r.status])).toEqual([
			['user', 'When is the flu clinic open?', 'complete'],
			['assistant', 'One two.', 'complete']
		]);
	});

	it('keeps the question when the model fails, and ends the answer as error', async () => {
		const chatId = await createChat(alice, { title: 'Model down' });
		stub.next({ kind: 'status', status: 500 });
		const events = await readEvents(await send(chatId, { content: 'Draft a staff briefing', useGuidance: false }));
		expect(events.map((e) => e.event)).toEqual(['start', 'error', 'done']);
		const rows = await storedMessages(testDb.handle, chatId);
		expect(rows.map((r) => [r.role, r.content, r.status])).toEqual([
			['user', 'Draft a staff briefing', 'complete'],
			['assistant', '', 'error']
		]);
	});

	it('is one statement: when the chat has gone, neither the question nor the answer is stored', async () => {
		const chatId = await createChat(alice, { title: 'Gone' });
		await queryRows(testDb.handle, sql`delete from chats where id = ${chatId}::uuid`);
		await expect(
			openTurn({
				chatId,
				question: { id: crypto.randomUUID(), content: 'Lost?', parentId: null },
				questionId: crypto.randomUUID(),
				answerId: crypto.randomUUID(),
				model: 'stub-model',
				promptVersions: []
			})
		).rejects.toThrow();
		expect(await storedMessages(testDb.handle, chatId)).toEqual([]);
	});

	it('answers a stored question again without storing it twice', async () => {
		const chatId = await createChat(alice, { title: 'Again' });
		await readEvents(await send(chatId, { content: 'First question', useGuidance: false }));
		const [question] = await storedMessages(testDb.handle, chatId);
		const answerId = crypto.randomUUID();
		await openTurn({ chatId, questionId: question.id, answerId, model: null, promptVersions: [] });
		const rows = await storedMessages(testDb.handle, chatId);
		expect(rows.filter((r) => r.role === 'user')).toHaveLength(1);
		expect(rows.find((r) => r.id === answerId)).toMatchObject({ status: 'streaming', parent_id: question.id });
	});
});

describe('the settings every turn reads', () => {
	it('are read once, and read again on every instance after any instance changes them', async () => {
		await startClusterBus();
		try {
			expect((await setSetting('guard.mode', 'warn', null)).ok).toBe(true);
			// Saving also tells every instance, this one included: let that message arrive first.
			await new Promise((r) => setTimeout(r, 300));
			expect(await getSetting('guard.mode')).toBe('warn');
			// Another instance changes the row: this one keeps its copy until the bus says to drop it.
			await queryRows(testDb.handle, sql`update settings set value = '"block"'::jsonb where key = 'guard.mode'`);
			expect(await getSetting('guard.mode')).toBe('warn');
			await publishClusterMessage({ type: 'invalidate-cache', cache: 'settings' });
			await expect.poll(() => getSetting('guard.mode')).toBe('block');
			// Saving here drops this instance's copy at once.
			expect((await setSetting('guard.mode', 'warn', null)).ok).toBe(true);
			expect(await getSetting('guard.mode')).toBe('warn');
		} finally {
			await stopClusterBus();
		}
	});

	it.runIf(process.env.TEST_DB === 'postgres')(
		'a change saved by another process on the same PostgreSQL database reaches this one',
		async () => {
			await startClusterBus();
			try {
				expect((await setSetting('guard.mode', 'warn', null)).ok).toBe(true);
				expect(await getSetting('guard.mode')).toBe('warn');
				const root = path.resolve(import.meta.dirname, '../..');
				const other = spawnSync(
					path.join(root, 'node_modules/.bin/tsx'),
					['tests/helpers/other-instance-setting.ts', testDb.url!, 'guard.mode', '"block"'],
					{ cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, LOG_LEVEL: 'warn' } }
				);
				expect(other.stderr).toBe('');
				expect(other.status).toBe(0);
				await expect.poll(() => getSetting('guard.mode'), { timeout: 5_000 }).toBe('block');
			} finally {
				await setSetting('guard.mode', 'warn', null);
				await stopClusterBus();
			}
		},
		90_000
	);
});

describe('saving the streamed text', () => {
	it('never makes the stream wait, keeps only the latest text, and survives a failed save', async () => {
		const saved: string[] = [];
		let finishSave!: () => void;
		let calls = 0;
		const save = vi.fn(async (_id: string, text: string) => {
			calls++;
			if (calls === 1) await new Promise<void>((r) => (finishSave = r));
			if (calls === 2) throw new Error('connection reset');
			saved.push(text);
		});
		const saver = new StreamSaver('answer-id', 'request-id', save);
		saver.push('a');
		// The first save is still running: these return at once and only the latest is written next.
		saver.push('ab');
		saver.push('abc');
		expect(save).toHaveBeenCalledTimes(1);
		finishSave();
		await saver.settled();
		expect(save.mock.calls.map((c) => c[1])).toEqual(['a', 'abc']);
		expect(saver.failures).toBe(1);
		saver.push('abcd');
		await saver.settled();
		expect(saved).toEqual(['a', 'abcd']);
	});
});
