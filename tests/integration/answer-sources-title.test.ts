/**
 * Per-answer details the chat page shows: each cited source carries its collection's display name (and answers
 * stored before that was recorded get it when the page loads), and chat titles never keep citation markers.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChatSource } from '$lib/schemas/chat';
import type { SessionUser } from '$lib/schemas/user';
import { chatForPage } from '$lib/server/chat/page';
import { listCollections } from '$lib/server/db/queries/corpus';
import * as messagesRoute from '../../src/routes/api/chats/[id]/messages/+server';
import { callRoute, createChat, readEvents, storedMessages, useChatFixture } from '../helpers/chat';
import { queryRows, type TestDatabase } from '../helpers/test-db';

const fixture = useChatFixture('Title: "Midday or 12pm [1], [2]."');
let testDb: TestDatabase;
let alice: SessionUser;

beforeAll(() => {
	({ testDb, alice } = fixture);
});

async function ask(chatId: string, content: string) {
	fixture.stub.next({ kind: 'answer', chunks: ['Write "midday" ', 'rather than 12pm [1].'] });
	const res = await callRoute(messagesRoute.POST, {
		user: alice,
		method: 'POST',
		path: `/api/chats/${chatId}/messages`,
		params: { id: chatId },
		body: { content }
	});
	expect(res.status).toBe(200);
	return readEvents(res);
}

describe('sources under an answer', () => {
	it("carries the collection's display name, streamed and stored", async () => {
		const chatId = await createChat(alice);
		const events = await ask(chatId, 'should I put 12pm or something else for lunchtime');
		const names = new Map((await listCollections()).map((c) => [c.slug, c.name]));
		const streamed = (events.find((e) => e.event === 'sources')!.data as { sources: ChatSource[] }).sources;
		expect(streamed.length).toBeGreaterThan(0);
		for (const s of streamed) expect(s.collectionName).toBe(names.get(s.collection));
		expect(streamed.some((s) => s.collectionName !== s.collection)).toBe(true);

		const [, answer] = await storedMessages(testDb.handle, chatId);
		const stored = answer.sources as ChatSource[];
		expect(stored[0].collectionName).toBe(names.get(stored[0].collection));
	});

	it('fills in the name for answers stored before it was recorded', async () => {
		const chatId = await createChat(alice);
		await ask(chatId, 'midday or 12pm in a letter');
		// An answer as stored by an earlier release: no collectionName.
		await queryRows(
			testDb.handle,
			sql`update messages set sources = (select jsonb_agg(s - 'collectionName') from jsonb_array_elements(sources) s)
				where chat_id = ${chatId}::uuid and role = 'assistant'`
		);
		const [, old] = await storedMessages(testDb.handle, chatId);
		expect((old.sources as ChatSource[])[0].collectionName).toBeUndefined();

		const detail = await chatForPage(chatId, alice, 'test');
		const names = new Map((await listCollections()).map((c) => [c.slug, c.name]));
		const shown = detail.messages[1].sources[0];
		expect(shown.collectionName).toBe(names.get(shown.collection));
	});
});

describe('chat titles', () => {
	it("drops citation markers and the label from the model's title", async () => {
		const chatId = await createChat(alice);
		const events = await ask(chatId, 'Is it midday or 12pm?');
		expect(events.find((e) => e.event === 'title')?.data).toEqual({ title: 'Midday or 12pm' });
	});

	it('drops citation markers from a title made of the first words', async () => {
		fixture.stub.titleReply = 500;
		const chatId = await createChat(alice);
		const events = await ask(chatId, 'Rewrite passage [2] about lunch times for our staff newsletter this week');
		expect(events.find((e) => e.event === 'title')?.data).toEqual({
			title: 'Rewrite passage about lunch times for our staff…'
		});
	});
});
