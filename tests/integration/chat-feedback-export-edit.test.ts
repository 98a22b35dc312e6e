import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import type { ChatDetail } from '$lib/schemas/chat';
import type { SessionUser } from '$lib/schemas/user';
import * as chatRoute from '../../src/routes/api/chats/[id]/+server';
import * as exportRoute from '../../src/routes/api/chats/[id]/export/+server';
import * as messagesRoute from '../../src/routes/api/chats/[id]/messages/+server';
import * as editRoute from '../../src/routes/api/chats/[id]/messages/[messageId]/edit/+server';
import * as feedbackRoute from '../../src/routes/api/chats/[id]/messages/[messageId]/feedback/+server';
import * as regenerateRoute from '../../src/routes/api/chats/[id]/messages/[messageId]/regenerate/+server';
import { callRoute, countMessages, createChat, readEvents, storedMessages, useChatFixture } from '../helpers/chat';
import type { OpenAIStub } from '../helpers/openai-stub';
import { queryRows, type TestDatabase } from '../helpers/test-db';

const fixture = useChatFixture('Lunchtime wording');
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

async function ask(chatId: string, content: string, answer: string[], useGuidance = false) {
	stub.next({ kind: 'answer', chunks: answer });
	const res = await callRoute(messagesRoute.POST, {
		user: alice,
		method: 'POST',
		path: `/api/chats/${chatId}/messages`,
		params: { id: chatId },
		body: { content, useGuidance }
	});
	expect(res.status).toBe(200);
	return readEvents(res);
}

function rate(chatId: string, messageId: string, body: unknown, user: SessionUser = alice) {
	return callRoute(feedbackRoute.POST, {
		user,
		method: 'POST',
		path: `/api/chats/${chatId}/messages/${messageId}/feedback`,
		params: { id: chatId, messageId },
		body
	});
}

function edit(chatId: string, messageId: string, body: unknown, user: SessionUser = alice) {
	return callRoute(editRoute.POST, {
		user,
		method: 'POST',
		path: `/api/chats/${chatId}/messages/${messageId}/edit`,
		params: { id: chatId, messageId },
		body
	});
}

function download(chatId: string, format: string | null, user: SessionUser = alice) {
	const query = format === null ? '' : `?format=${format}`;
	return callRoute(exportRoute.GET, { user, path: `/api/chats/${chatId}/export${query}`, params: { id: chatId } });
}

async function detail(chatId: string, user: SessionUser = alice): Promise<ChatDetail> {
	const res = await callRoute(chatRoute.GET, { user, path: `/api/chats/${chatId}`, params: { id: chatId } });
	expect(res.status).toBe(200);
	return (await res.json()) as ChatDetail;
}

const LUNCH = 'should I put 12pm or something else for lunchtime';

describe('feedback on an answer', () => {
	it('is stored, replaced when given again, shown with the chat, and audited without the comment', async () => {
		const chatId = await newChat();
		await ask(chatId, 'Write a headline', ['A headline.']);
		const [question, answer] = await storedMessages(testDb.handle, chatId);

		const first = await rate(chatId, answer.id, { rating: 'down', reason: 'wrong_tone', comment: 'Too chirpy for us' });
		expect(first.status).toBe(200);
		expect(await first.json()).toEqual({ ok: true });
		let messages = (await detail(chatId)).messages;
		expect(messages.find((m) => m.id === answer.id)?.feedback).toEqual({
			rating: 'down',
			reason: 'wrong_tone',
			comment: 'Too chirpy for us'
		});
		expect(messages.find((m) => m.id === question.id)?.feedback).toBeNull();

		expect((await rate(chatId, answer.id, { rating: 'up' })).status).toBe(200);
		messages = (await detail(chatId)).messages;
		expect(messages.find((m) => m.id === answer.id)?.feedback).toEqual({ rating: 'up', reason: null, comment: null });
		const rows = await queryRows<{ n: number }>(
			testDb.handle,
			sql`select count(*)::int as n from message_feedback where message_id = ${answer.id}::uuid`
		);
		expect(rows[0].n).toBe(1);

		const audited = await queryRows<{ details: Record<string, unknown>; target_id: string }>(
			testDb.handle,
			sql`select details, target_id from audit_events where action = 'chat.feedback' and target_id = ${answer.id}
				order by occurred_at`
		);
		expect(audited.map((a) => a.details)).toEqual([
			{ rating: 'down', reason: 'wrong_tone' },
			{ rating: 'up', reason: null }
		]);
		expect(JSON.stringify(audited)).not.toContain('chirpy');
		// Another person sees none of Alice's ratings, even on a chat they could not open anyway.
		expect((await callRoute(chatRoute.GET, { user: bob, path: '/', params: { id: chatId } })).status).toBe(404);
	});

	it('rejects bad input with a message for each field', async () => {
		const chatId = await newChat();
		await ask(chatId, 'Hello', ['Hi.']);
		const [, answer] = await storedMessages(testDb.handle, chatId);

		const res = await rate(chatId, answer.id, { rating: 'meh', reason: 'boring', comment: 'x'.repeat(2001) });
		expect(res.status).toBe(400);
		const body = (await res.json()) as { message: string; errors: Record<string, string> };
		expect(Object.keys(body.errors).sort()).toEqual(['comment', 'rating', 'reason']);
		expect(body.errors.comment).toContain('2,000 characters');
		expect(body.message).toBeTruthy();
		expect((await rate(chatId, answer.id, 'not json')).status).toBe(400);
		expect((await rate(chatId, answer.id, [])).status).toBe(400);
		expect((await rate(chatId, answer.id, { rating: 'up', comment: 'x'.repeat(2000) })).status).toBe(200);
	});

	it('is 404 for a question, a missing message, or someone else’s chat', async () => {
		const chatId = await newChat();
		await ask(chatId, 'Hello', ['Hi.']);
		const [question, answer] = await storedMessages(testDb.handle, chatId);
		const statuses = [
			(await rate(chatId, question.id, { rating: 'up' })).status,
			(await rate(chatId, '00000000-0000-4000-8000-000000000000', { rating: 'up' })).status,
			(await rate(chatId, 'nope', { rating: 'up' })).status,
			(await rate(chatId, answer.id, { rating: 'up' }, bob)).status
		];
		expect(statuses).toEqual([404, 404, 404, 404]);
		const rows = await queryRows<{ n: number }>(
			testDb.handle,
			sql`select count(*)::int as n from message_feedback where message_id = ${answer.id}::uuid`
		);
		expect(rows[0].n).toBe(0);
	});
});

describe('exporting a chat', () => {
	async function groundedChat(): Promise<string> {
		const chatId = await newChat();
		await ask(chatId, LUNCH, ['Write "midday" ', 'rather than 12pm [1].'], true);
		const [, first] = await storedMessages(testDb.handle, chatId);
		stub.next({ kind: 'answer', chunks: ['Say midday [1].'] });
		const res = await callRoute(regenerateRoute.POST, {
			user: alice,
			method: 'POST',
			path: '/',
			params: { id: chatId, messageId: first.id },
			body: {}
		});
		await readEvents(res);
		return chatId;
	}

	it('downloads the current branch as Markdown with roles, model and citations', async () => {
		const chatId = await groundedChat();
		const res = await download(chatId, 'md');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('text/markdown');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="Lunchtime-wording.md"');
		const md = await res.text();
		expect(md).toContain('# Lunchtime wording');
		expect(md).toContain('Exported ');
		expect(md).toContain(`## You\n\n${LUNCH}`);
		expect(md).toContain('## NHS Comms Assist (AI draft)\n\n*Model: stub-model*');
		expect(md).toContain('Say midday [1].');
		expect(md).not.toContain('rather than 12pm');
		expect(md).toMatch(/- \[1\] [^\n]+, version \d+/);
		expect((await download(chatId, null)).status).toBe(200);
	});

	it('downloads a Word document with the title, the note and a citation', async () => {
		const chatId = await groundedChat();
		const res = await download(chatId, 'docx');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe(
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
		);
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="Lunchtime-wording.docx"');
		const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
		const xml = strFromU8(files['word/document.xml']);
		expect(xml).toContain('Lunchtime wording');
		expect(xml).toContain('Drafted with AI. Check for accuracy, tone and empathy before use.');
		expect(xml).toMatch(/\[1\] [^<]+, version \d+/);
		expect(xml).not.toContain('rather than 12pm');
	});

	it('is 400 for another format and 404 for someone else’s chat', async () => {
		const chatId = await newChat();
		await ask(chatId, 'Hello', ['Hi.']);
		expect((await download(chatId, 'pdf')).status).toBe(400);
		expect((await download(chatId, 'md', bob)).status).toBe(404);
		expect((await download('00000000-0000-4000-8000-000000000000', 'md')).status).toBe(404);
	});
});

describe('editing a question', () => {
	it('adds the edited question beside the original, keeps both branches, and the answer sees only the edit', async () => {
		const chatId = await newChat(alice, { title: 'Edits' });
		await ask(chatId, 'Write a headline', ['Headline one.']);
		await ask(chatId, 'Make it about flu', ['Flu headline.']);
		const [q1, a1, q2, a2] = await storedMessages(testDb.handle, chatId);
		expect(q2.parent_id).toBe(a1.id);
		stub.next({ kind: 'answer', chunks: ['Covid headline.'] });

		const res = await edit(chatId, q2.id, { content: 'Make it about covid', model: 'stub-large' });

		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('text/event-stream');
		const events = await readEvents(res);
		expect(events.map((e) => e.event)).toEqual(['start', 'token', 'done']);
		const sent = stub.requests.filter((r) => r.stream).at(-1)!;
		expect(sent.model).toBe('stub-large');
		expect(sent.messages.slice(1)).toEqual([
			{ role: 'user', content: 'Write a headline' },
			{ role: 'assistant', content: 'Headline one.' },
			{ role: 'user', content: 'Make it about covid' }
		]);
		const rows = await storedMessages(testDb.handle, chatId);
		const [q3, a3] = rows.slice(4);
		expect(events[0].data).toEqual({ userMessageId: q3.id, assistantMessageId: a3.id });
		expect(rows.map((r) => [r.role, r.content, r.parent_id])).toEqual([
			['user', 'Write a headline', null],
			['assistant', 'Headline one.', q1.id],
			['user', 'Make it about flu', a1.id],
			['assistant', 'Flu headline.', q2.id],
			['user', 'Make it about covid', a1.id],
			['assistant', 'Covid headline.', q3.id]
		]);
		expect(a2.content).toBe('Flu headline.');

		// A follow-up continues from the edited branch, and the export shows that branch only.
		await ask(chatId, 'Shorter', ['Short.']);
		expect(
			stub.requests
				.filter((r) => r.stream)
				.at(-1)!
				.messages.slice(1)
				.map((m) => m.content)
		).toEqual(['Write a headline', 'Headline one.', 'Make it about covid', 'Covid headline.', 'Shorter']);
		const md = await (await download(chatId, 'md')).text();
		expect(md).toContain('Make it about covid');
		expect(md).not.toContain('Make it about flu');
		expect(md).not.toContain('Flu headline.');
	});

	it('can edit the first question, which starts the conversation afresh', async () => {
		const chatId = await newChat(alice, { title: 'First edit' });
		await ask(chatId, 'Original', ['Answer one.']);
		const [q1] = await storedMessages(testDb.handle, chatId);
		stub.next({ kind: 'answer', chunks: ['Answer two.'] });
		await readEvents(await edit(chatId, q1.id, { content: 'Edited' }));
		expect(
			stub.requests
				.filter((r) => r.stream)
				.at(-1)!
				.messages.slice(1)
		).toEqual([{ role: 'user', content: 'Edited' }]);
		const rows = await storedMessages(testDb.handle, chatId);
		expect(rows.map((r) => [r.content, r.parent_id === null])).toEqual([
			['Original', true],
			['Answer one.', false],
			['Edited', true],
			['Answer two.', false]
		]);
	});

	it('validates like sending a message, and is 404 for an answer, a missing message or someone else’s chat', async () => {
		const chatId = await newChat();
		await ask(chatId, 'Hello', ['Hi.']);
		const [question, answer] = await storedMessages(testDb.handle, chatId);
		const before = await countMessages(testDb.handle);

		const statuses = [
			(await edit(chatId, answer.id, { content: 'x' })).status,
			(await edit(chatId, '00000000-0000-4000-8000-000000000000', { content: 'x' })).status,
			(await edit(chatId, 'nope', { content: 'x' })).status,
			(await edit(chatId, question.id, { content: 'x' }, bob)).status
		];
		expect(statuses).toEqual([404, 404, 404, 404]);
		const invalid = [
			await edit(chatId, question.id, { content: '   ' }),
			await edit(chatId, question.id, { content: 'x'.repeat(20_001) }),
			await edit(chatId, question.id, { content: 'ok', model: 'gpt-99' }),
			await edit(chatId, question.id, { content: 'ok', useGuidance: 'yes' })
		];
		expect(invalid.map((r) => r.status)).toEqual([400, 400, 400, 400]);
		expect(((await invalid[0].json()) as { message: string }).message).toBe('Enter a message');
		expect(await countMessages(testDb.handle)).toBe(before);
	});
});
