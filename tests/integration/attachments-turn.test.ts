import { beforeAll, describe, expect, it } from 'vitest';
import type { ChatEvent } from '$lib/schemas/chat';
import type { SessionUser } from '$lib/schemas/user';
import { setSetting } from '$lib/server/governance/settings';
import { useChatSettings } from '$lib/server/llm/chat-models';
import * as messagesRoute from '../../src/routes/api/chats/[id]/messages/+server';
import * as redactRoute from '../../src/routes/api/chats/[id]/attachments/[attachmentId]/redact/+server';
import { makeDocx, text, upload } from '../helpers/attachments';
import { callRoute, createChat, readEvents, storedMessages, stubSettings, useChatFixture } from '../helpers/chat';
import type { OpenAIStub } from '../helpers/openai-stub';
import type { TestDatabase } from '../helpers/test-db';

const fixture = useChatFixture('Attachment chat');
let testDb: TestDatabase;
let stub: OpenAIStub;
let alice: SessionUser;
let bob: SessionUser;

beforeAll(() => {
	({ testDb, stub, alice, bob } = fixture);
});

function send(chatId: string, body: unknown, user = alice) {
	return callRoute(messagesRoute.POST, {
		user,
		method: 'POST',
		path: `/api/chats/${chatId}/messages`,
		params: { id: chatId },
		body
	});
}

async function attach(chatId: string, name: string, bytes: Uint8Array, user = alice): Promise<string> {
	const res = await upload(user, chatId, name, bytes);
	expect(res.status).toBe(201);
	return ((await res.json()) as { id: string }).id;
}

type Source = { n: number; attachmentId?: string; fileName?: string; documentTitle: string; text: string };

describe('a turn with attached files', () => {
	it('gives the model the whole file when it fits, cites its passages with attachmentId and fileName', async () => {
		const chatId = await createChat(alice);
		const docx = await makeDocx([
			{ heading: true, text: 'Draft staff briefing' },
			{ text: 'The new car park on Hill Road opens on 3 March with 400 spaces for staff.' }
		]);
		const id = await attach(chatId, 'briefing.docx', docx);
		stub.next({ kind: 'answer', chunks: ['The car park opens on 3 March [1].'] });
		const before = stub.requests.length;

		const events = await readEvents(
			await send(chatId, { content: 'When does the car park open?', attachmentIds: [id], useGuidance: false })
		);
		expect(events.map((e) => e.event)).toEqual(['start', 'sources', 'token', 'title', 'done']);
		const sources = (events.find((e) => e.event === 'sources')!.data as { sources: Source[] }).sources;
		expect(sources[0]).toMatchObject({ n: 1, attachmentId: id, fileName: 'briefing.docx' });

		const streamed = stub.requests.slice(before).find((r) => r.stream)!;
		const files = streamed.messages.find((m) => m.content.includes('attached their own files'))!;
		expect(files.content).toContain('You have their whole text.');
		expect(files.content).toContain('[1] briefing.docx');
		expect(files.content).toContain('400 spaces for staff');

		const [, answer] = await storedMessages(testDb.handle, chatId);
		expect(answer.content).toBe('The car park opens on 3 March [1].');
		expect(answer.sources).toEqual([expect.objectContaining({ n: 1, attachmentId: id, fileName: 'briefing.docx' })]);
		expect(answer.prompt_versions).toContainEqual({ id: 'chat-attachments', version: 1 });
	});

	it('numbers attachment passages first and guidance after them, in one sequence', async () => {
		const chatId = await createChat(alice);
		const id = await attach(chatId, 'draft.txt', text('Our lunchtime clinic runs from 12pm to 2pm.'));
		stub.next({ kind: 'answer', chunks: ['Your draft says 12pm [1]; guidance prefers midday [2].'] });
		const events = await readEvents(
			await send(chatId, { content: 'should I put 12pm or something else for lunchtime', attachmentIds: [id] })
		);
		const sources = (events.find((e) => e.event === 'sources')!.data as { sources: Source[] }).sources;
		expect(sources[0]).toMatchObject({ n: 1, attachmentId: id });
		expect(sources[1].n).toBe(2);
		expect(sources[1].attachmentId).toBeUndefined();
		const [, answer] = await storedMessages(testDb.handle, chatId);
		expect(answer.sources!.map((s) => [s.n, s.attachmentId ?? null])).toEqual([
			[1, id],
			[2, null]
		]);
	});

	it('sends only the most relevant passages of a file too long for the context', async () => {
		useChatSettings(stubSettings(stub, { contextTokens: 1200 }));
		const chatId = await createChat(alice);
		const filler = Array.from({ length: 600 }, (_, i) => `Paragraph ${i} is about estates and facilities planning.`);
		filler[417] = 'The helicopter landing pad reopens in October after resurfacing.';
		const whole = filler.join('\n\n');
		const id = await attach(chatId, 'estates.txt', text(whole));
		stub.next({ kind: 'answer', chunks: ['October [1].'] });
		const before = stub.requests.length;
		await readEvents(
			await send(chatId, {
				content: 'When does the helicopter landing pad reopen?',
				attachmentIds: [id],
				useGuidance: false
			})
		);
		const streamed = stub.requests.slice(before).find((r) => r.stream)!;
		const files = streamed.messages.find((m) => m.content.includes('attached their own files'))!;
		expect(files.content).toContain('most relevant');
		expect(files.content).toContain('helicopter landing pad reopens in October');
		// Eight passages out of the file's many, not the whole of it.
		expect(files.content.match(/^\[\d+\] estates\.txt/gm)).toHaveLength(8);
		expect(files.content.length).toBeLessThan(whole.length / 2);
	});

	it('reads a long file part by part for a summary, reporting progress, and cites the notes', async () => {
		useChatSettings(stubSettings(stub, { contextTokens: 1200 }));
		const chatId = await createChat(alice);
		const long = Array.from({ length: 80 }, (_, i) => `Section ${i}: the board discussed item ${i} at length.`).join(
			'\n\n'
		);
		const id = await attach(chatId, 'board.txt', text(long));
		let parts = 0;
		stub.replyTo = (r) =>
			r.messages[0].content.includes('one part at a time') ? `Notes for part ${++parts}.` : undefined;
		stub.next({ kind: 'answer', chunks: ['The board covered many items [1] [2].'] });
		const before = stub.requests.length;
		const events: ChatEvent[] = await readEvents(
			await send(chatId, {
				content: 'Summarise the whole thing for a staff briefing',
				attachmentIds: [id],
				useGuidance: false
			})
		);
		const progress = events
			.filter((e) => e.event === 'progress')
			.map((e) => e.data as { stage: string; done: number; total: number });
		expect(progress.length).toBeGreaterThan(2);
		const total = progress[0].total;
		expect(total).toBeGreaterThan(1);
		expect(progress.at(-1)).toEqual({ stage: 'reading', done: total, total });
		expect(parts).toBe(total);
		const mapCalls = stub.requests
			.slice(before)
			.filter((r) => !r.stream && r.messages[0].content.includes('one part at a time'));
		expect(mapCalls).toHaveLength(total);
		expect(mapCalls[0].messages[0].content).toContain('Section 0: the board discussed');
		const streamed = stub.requests.slice(before).find((r) => r.stream)!;
		expect(streamed.messages.some((m) => m.content.includes('Notes for part 1.'))).toBe(true);
		const [, answer] = await storedMessages(testDb.handle, chatId);
		expect(answer.sources![0]).toMatchObject({ attachmentId: id, heading: expect.stringMatching(/^Part 1 of \d+/) });
		expect(answer.prompt_versions).toContainEqual({ id: 'attachment-section-notes', version: 1 });
	});

	it('answers 404 for an attachment from another chat or another person, and sends nothing', async () => {
		const aliceChat = await createChat(alice);
		const otherChat = await createChat(alice);
		const elsewhere = await attach(otherChat, 'other.txt', text('Other chat file.'));
		const bobChat = await createChat(bob);
		const bobs = await attach(bobChat, 'bob.txt', text('Bob file.'), bob);
		const before = stub.requests.length;
		for (const ids of [[elsewhere], [bobs], ['not-a-uuid'], [crypto.randomUUID()]]) {
			const res = await send(aliceChat, { content: 'Summarise', attachmentIds: ids });
			expect(res.status).toBe(404);
			expect(((await res.json()) as { message: string }).message).toBe('Attachment not found');
		}
		expect(stub.requests.length).toBe(before);
		expect(await storedMessages(testDb.handle, aliceChat)).toEqual([]);
	});

	it('in block mode refuses a turn with an unredacted file, and sends it once replaced with placeholders', async () => {
		const chatId = await createChat(alice);
		const id = await attach(
			chatId,
			'complaint.txt',
			text('Complaint from patient, NHS number 943 476 5919, about parking.')
		);
		await setSetting('guard.mode', 'block', null);
		try {
			const before = stub.requests.length;
			const refused = await send(chatId, { content: 'Draft a reply', attachmentIds: [id], useGuidance: false });
			expect(refused.status).toBe(422);
			const body = (await refused.json()) as { message: string; attachmentId: string };
			expect(body.message).toMatch(/complaint\.txt.*personal data.*placeholders/);
			expect(body.attachmentId).toBe(id);
			expect(stub.requests.length).toBe(before);

			const redacted = await callRoute(redactRoute.POST, {
				user: alice,
				method: 'POST',
				path: `/api/chats/${chatId}/attachments/${id}/redact`,
				params: { id: chatId, attachmentId: id }
			});
			expect(redacted.status).toBe(200);
			stub.next({ kind: 'answer', chunks: ['Thank you for your complaint [1].'] });
			const events = await readEvents(
				await send(chatId, { content: 'Draft a reply', attachmentIds: [id], useGuidance: false })
			);
			expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'complete' } });
			const streamed = stub.requests.slice(before).find((r) => r.stream)!;
			const all = streamed.messages.map((m) => m.content).join('\n');
			expect(all).not.toContain('943 476 5919');
			expect(all).toContain('[NHS number]');
		} finally {
			await setSetting('guard.mode', 'warn', null);
		}
	});
});
