/**
 * Intake: an assistant's opening request is read for what it already answers (structured model output,
 * validated), only the missing questions are asked, the brief continues the turn, and a bad model reply
 * falls back to the defined form without breaking the turn. Against the OpenAI stub.
 */
import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '$lib/schemas/chat';
import type { SessionUser } from '$lib/schemas/user';
import { createAssistant } from '$lib/server/assistants/service';
import { addTeamMember, changeTeamMembership, createTeamWithOwner } from '$lib/server/db/queries/teams';
import { useChatSettings } from '$lib/server/llm/chat-models';
import * as chatRoute from '../../src/routes/api/chats/[id]/+server';
import * as briefRoute from '../../src/routes/api/chats/[id]/brief/+server';
import * as messagesRoute from '../../src/routes/api/chats/[id]/messages/+server';
import type { StubRequest } from '../helpers/openai-stub';
import { callRoute, createChat, readEvents, storedMessages, useChatFixture } from '../helpers/chat';

const fixture = useChatFixture('Press release about the new clinic');

const QUESTIONS = [
	{
		id: 'audience',
		label: 'Who is it for?',
		type: 'single_choice',
		options: ['Public', 'Staff', 'Media'],
		required: true
	},
	{ id: 'key_message', label: 'What is the key message?', type: 'long_text', required: true },
	{ id: 'spokesperson', label: 'Who is the spokesperson?', type: 'short_text', required: true },
	{
		id: 'channels',
		label: 'Where will it appear?',
		type: 'multiple_choice',
		options: ['Website', 'Social media', 'Newsletter'],
		required: false
	}
];

async function assistant(user: SessionUser, intake: Record<string, unknown>): Promise<string> {
	const result = await createAssistant(user, {
		name: 'Press release',
		description: 'Drafts press releases',
		category: 'Media and press',
		instructions: 'Write a press release in NHS style with a headline and a quote.',
		visibility: 'private',
		outputTemplate: 'Headline\nSummary\nQuote\nNotes to editors',
		defaultModel: 'stub-large',
		temperature: 0.2,
		intake
	});
	if (!result.ok) throw new Error(result.message);
	return result.value.id;
}

const isExtraction = (r: StubRequest) =>
	r.messages.some((m) => m.content.includes('which questions it already answers'));
const isQuestions = (r: StubRequest) => r.messages.some((m) => m.content.includes('clarifying questions'));

async function send(user: SessionUser, chatId: string, content: string): Promise<ChatEvent[]> {
	const res = await callRoute(messagesRoute.POST, {
		user,
		method: 'POST',
		path: `/api/chats/${chatId}/messages`,
		params: { id: chatId },
		body: { content }
	});
	expect(res.status).toBe(200);
	return readEvents(res);
}

async function brief(user: SessionUser, chatId: string, body: unknown): Promise<Response> {
	return callRoute(briefRoute.POST, {
		user,
		method: 'POST',
		path: `/api/chats/${chatId}/brief`,
		params: { id: chatId },
		body
	});
}

async function chatJson(user: SessionUser, chatId: string) {
	const res = await callRoute(chatRoute.GET, { user, path: `/api/chats/${chatId}`, params: { id: chatId } });
	return (await res.json()) as {
		assistant: { name: string; version: number; available: boolean } | null;
		brief: { state: string; answers: Record<string, unknown>; asked: string[] } | null;
	};
}

describe('form intake', () => {
	it('asks only what the request did not answer, then drafts from the brief', async () => {
		const { alice, stub, testDb } = fixture;
		const id = await assistant(alice, { mode: 'form', questions: QUESTIONS });
		const chatId = await createChat(alice, { assistantId: id });
		stub.replyTo = (r) =>
			isExtraction(r)
				? '```json\n{"answers": {"audience": "Public", "key_message": "A new diabetes clinic opens in May", "channels": ["Radio"]}}\n```'
				: undefined;

		const events = await send(alice, chatId, 'Press release for the public: our new diabetes clinic opens in May');
		expect(events.map((e) => e.event)).toEqual(['questions', 'title', 'done']);
		const questions = events[0].data as {
			questions: { id: string }[];
			known: Record<string, unknown>;
			userMessageId: string;
		};
		// The made-up option ("Radio") is dropped; channels is optional, so only the spokesperson is asked.
		expect(questions.known).toEqual({ audience: 'Public', key_message: 'A new diabetes clinic opens in May' });
		expect(questions.questions.map((q) => q.id)).toEqual(['spokesperson', 'channels']);
		expect(events[2].data).toEqual({ assistantMessageId: null, status: 'awaiting_answers' });
		expect((await storedMessages(testDb.handle, chatId)).map((m) => m.role)).toEqual(['user']);
		expect((await chatJson(alice, chatId)).brief).toMatchObject({
			state: 'asking',
			asked: ['spokesperson', 'channels']
		});

		// Answers are checked against the questions asked, with a message for each.
		const bad = await brief(alice, chatId, { answers: { spokesperson: ' ', channels: ['Billboards'] } });
		expect(bad.status).toBe(400);
		const errors = ((await bad.json()) as { errors: Record<string, string> }).errors;
		expect(Object.keys(errors).sort()).toEqual(['channels', 'spokesperson']);

		stub.next({ kind: 'answer', chunks: ['NEW CLINIC OPENS', '\nDr Patel said…'] });
		const res = await brief(alice, chatId, {
			answers: { spokesperson: 'Dr Asha Patel, clinical lead', channels: ['Website'] }
		});
		expect(res.status).toBe(200);
		const drafted = await readEvents(res);
		expect(drafted.map((e) => e.event)).toEqual(expect.arrayContaining(['start', 'sources', 'token', 'done']));
		expect(drafted.at(-1)!.data).toMatchObject({ status: 'complete' });
		const prompt = stub.requests.filter((r) => r.stream).at(-1)!;
		const system = prompt.messages
			.filter((m) => m.role === 'system')
			.map((m) => m.content)
			.join('\n');
		expect(system).toContain('Write a press release in NHS style');
		expect(system).toContain('Who is the spokesperson? Dr Asha Patel, clinical lead');
		expect(system).toContain('Who is it for? Public');
		expect(system).toContain('Notes to editors');
		// The assistant's default model and temperature are used when the person does not choose.
		expect(prompt.model).toBe('stub-large');
		expect(prompt.temperature).toBe(0.2);
		const stored = await storedMessages(testDb.handle, chatId);
		expect(stored.map((m) => [m.role, m.status])).toEqual([
			['user', 'complete'],
			['assistant', 'complete']
		]);
		expect(stored[1].prompt_versions!.map((p) => p.id)).toEqual(
			expect.arrayContaining(['chat-system', `assistant/${id}`, 'assistant-brief'])
		);
		const detail = await chatJson(alice, chatId);
		expect(detail.assistant).toMatchObject({ name: 'Press release', version: 1 });
		expect(detail.brief).toMatchObject({
			state: 'answered',
			answers: { spokesperson: 'Dr Asha Patel, clinical lead' }
		});

		// Editing the brief redrafts the same request as another version of the answer.
		stub.next({ kind: 'answer', chunks: ['Second draft'] });
		const edited = await brief(alice, chatId, {
			answers: { audience: 'Staff', key_message: 'Clinic opens in May', spokesperson: 'Dr Patel, clinical lead' }
		});
		expect(edited.status).toBe(200);
		await readEvents(edited);
		const after = await storedMessages(testDb.handle, chatId);
		expect(after.filter((m) => m.role === 'assistant')).toHaveLength(2);
		expect(after.filter((m) => m.role === 'user')).toHaveLength(1);
		expect((await chatJson(alice, chatId)).brief!.answers).toEqual({
			audience: 'Staff',
			key_message: 'Clinic opens in May',
			spokesperson: 'Dr Patel, clinical lead'
		});
	});

	it('drafts straight away when the request answers everything required', async () => {
		const { alice, stub } = fixture;
		const id = await assistant(alice, { mode: 'form', questions: QUESTIONS });
		const chatId = await createChat(alice, { assistantId: id });
		stub.replyTo = (r) =>
			isExtraction(r)
				? '{"answers": {"audience": "Media", "key_message": "Clinic opens", "spokesperson": "Dr Patel, clinical lead"}}'
				: undefined;
		const events = await send(
			alice,
			chatId,
			'Press release for the media about the clinic, quote Dr Patel, our clinical lead'
		);
		expect(events.map((e) => e.event)).not.toContain('questions');
		expect(events.at(-1)!.data).toMatchObject({ status: 'complete' });
		expect((await chatJson(alice, chatId)).brief).toMatchObject({ state: 'answered' });
	});

	it('falls back to asking every question when extraction output never matches the schema (one retry)', async () => {
		const { alice, stub } = fixture;
		const id = await assistant(alice, { mode: 'form', questions: QUESTIONS });
		const chatId = await createChat(alice, { assistantId: id });
		let extractionCalls = 0;
		stub.replyTo = (r) => {
			if (!isExtraction(r)) return undefined;
			extractionCalls++;
			return extractionCalls === 1 ? 'Sure! Here are the answers.' : '{"answers": "not an object"}';
		};
		const events = await send(alice, chatId, 'Press release please');
		expect(extractionCalls).toBe(2);
		const questions = events.find((e) => e.event === 'questions')!.data as { questions: { id: string }[] };
		expect(questions.questions.map((q) => q.id)).toEqual(['audience', 'key_message', 'spokesperson', 'channels']);
	});

	it('without a model, the questions are still asked; skipping then explains a model is needed', async () => {
		const { alice, stub } = fixture;
		const id = await assistant(alice, { mode: 'form', questions: QUESTIONS });
		const chatId = await createChat(alice, { assistantId: id });
		useChatSettings({
			provider: 'openai',
			models: [],
			contextTokens: 128_000,
			timeoutMs: 5_000,
			openai: {},
			azure: {},
			maxRetries: 0
		});
		const before = stub.requests.length;
		const events = await send(alice, chatId, 'A press release about the clinic');
		expect(events[0].event).toBe('questions');
		expect((events[0].data as { questions: unknown[] }).questions).toHaveLength(4);
		const skipped = await brief(alice, chatId, { skip: true });
		const drafted = await readEvents(skipped);
		const error = drafted.find((e) => e.event === 'error')!.data as { message: string };
		expect(error.message).toMatch(/administrator|CHAT_MODELS/);
		expect(stub.requests.length).toBe(before);
		expect((await chatJson(alice, chatId)).brief).toMatchObject({ state: 'skipped' });
	});

	it('checks answers for personal data and length before drafting, keeping the brief unchanged when refused', async () => {
		const { alice, stub, testDb } = fixture;
		const id = await assistant(alice, { mode: 'form', questions: QUESTIONS });
		const chatId = await createChat(alice, { assistantId: id });
		stub.replyTo = (r) =>
			isExtraction(r) ? '{"answers": {"audience": "Public", "key_message": "Clinic opens"}}' : undefined;
		await send(alice, chatId, 'Press release for the public: clinic opens');
		const requests = stub.requests.length;

		const withNhsNumber = await brief(alice, chatId, { answers: { spokesperson: 'Patient 943 476 5919 will speak' } });
		expect(withNhsNumber.status).toBe(422);
		const refused = (await withNhsNumber.json()) as { findings: { kind: string }[]; mode: string };
		expect(refused.findings.map((f) => f.kind)).toEqual(['nhs_number']);
		expect(stub.requests.length).toBe(requests);
		expect((await chatJson(alice, chatId)).brief).toMatchObject({ state: 'asking' });
		expect((await storedMessages(testDb.handle, chatId)).map((m) => m.role)).toEqual(['user']);

		const tooLong = await brief(alice, chatId, { answers: { spokesperson: 'x'.repeat(301) } });
		expect(tooLong.status).toBe(400);
		expect(((await tooLong.json()) as { errors: Record<string, string> }).errors.spokesperson).toMatch(
			/300 characters/
		);

		stub.next({ kind: 'answer', chunks: ['Draft'] });
		const anyway = await brief(alice, chatId, {
			answers: { spokesperson: 'Patient 943 476 5919 will speak' },
			personalData: { action: 'send_anyway', reason: 'The patient asked to be named' }
		});
		expect(anyway.status).toBe(200);
		expect((await readEvents(anyway)).at(-1)!.data).toMatchObject({ status: 'complete' });
	});

	it('someone else cannot answer my brief, and a chat without an assistant has no brief', async () => {
		const { alice, bob } = fixture;
		const id = await assistant(alice, { mode: 'form', questions: QUESTIONS });
		const chatId = await createChat(alice, { assistantId: id });
		expect((await brief(bob, chatId, { skip: true })).status).toBe(404);
		const plain = await createChat(alice);
		expect((await brief(alice, plain, { skip: true })).status).toBe(409);
		expect((await brief(alice, chatId, { answers: 'yes' })).status).toBe(400);
	});
});

describe('conversational intake', () => {
	it('asks the model’s validated questions about what is missing', async () => {
		const { alice, stub } = fixture;
		const id = await assistant(alice, { mode: 'conversational', maxQuestions: 2, questions: [] });
		const chatId = await createChat(alice, { assistantId: id });
		stub.replyTo = (r) =>
			isQuestions(r)
				? JSON.stringify({
						questions: [
							{ id: 'date', label: 'When does the clinic open?', type: 'short_text', required: true },
							{ id: 'tone', label: 'Which tone?', type: 'single_choice', options: ['Warm', 'Formal'], required: false }
						]
					})
				: undefined;
		const events = await send(alice, chatId, 'Announce our new clinic');
		const asked = events.find((e) => e.event === 'questions')!.data as { questions: { id: string }[] };
		expect(asked.questions.map((q) => q.id)).toEqual(['date', 'tone']);
	});

	it('drafts straight away when the model asks nothing, and survives invalid question output', async () => {
		const { alice, stub } = fixture;
		const id = await assistant(alice, { mode: 'conversational', questions: [] });
		const first = await createChat(alice, { assistantId: id });
		stub.replyTo = (r) => (isQuestions(r) ? '{"questions": []}' : undefined);
		const drafted = await send(alice, first, 'Announce our new clinic opening on 6 May at Leeds General');
		expect(drafted.map((e) => e.event)).not.toContain('questions');
		expect(drafted.at(-1)!.data).toMatchObject({ status: 'complete' });

		const second = await createChat(alice, { assistantId: id });
		stub.replyTo = (r) => (isQuestions(r) ? '{"questions": [{"id": "Bad Id!", "type": "essay"}]}' : undefined);
		const fallback = await send(alice, second, 'Announce our new clinic');
		// No defined questions to fall back on: it drafts rather than failing the turn.
		expect(fallback.at(-1)!.data).toMatchObject({ status: 'complete' });
	});
});

describe('losing access to an assistant', () => {
	it('carries the chat on without the assistant once the person may no longer use it', async () => {
		const { alice, bob, stub } = fixture;
		const team = await createTeamWithOwner({ name: 'Comms', description: '', ownerId: alice.id });
		await addTeamMember(team.id, bob.id, 'member');
		const made = await createAssistant(alice, {
			name: 'Team helper',
			description: 'For the team',
			category: 'Other',
			instructions: 'SECRET TEAM INSTRUCTIONS',
			visibility: 'team',
			teamId: team.id,
			intake: { mode: 'form', questions: QUESTIONS }
		});
		if (!made.ok) throw new Error(made.message);
		const chatId = await createChat(bob, { assistantId: made.value.id });
		expect((await chatJson(bob, chatId)).assistant).toMatchObject({ name: 'Team helper', available: true });

		await changeTeamMembership(team.id, bob.id, null);
		expect((await chatJson(bob, chatId)).assistant).toMatchObject({ available: false });
		const events = await send(bob, chatId, 'A press release please');
		expect(events.map((e) => e.event)).not.toContain('questions');
		const prompt = stub.requests.filter((r) => r.stream).at(-1)!;
		expect(prompt.messages.map((m) => m.content).join('\n')).not.toContain('SECRET TEAM INSTRUCTIONS');
		expect((await brief(bob, chatId, { skip: true })).status).toBe(403);
	});
});
