/**
 * Every built-in assistant's intake works without a model: on a fresh database the 12+ built-ins load,
 * anyone can start a chat with each, the opening request gets its required questions as a form, and
 * answering them explains that drafting needs a model (nothing is lost: the request and brief are kept).
 */
import { describe, expect, it } from 'vitest';
import type { IntakeQuestion } from '$lib/schemas/assistant';
import { loadBuiltinAssistants } from '$lib/server/assistants/builtins';
import { listAssistants } from '$lib/server/assistants/service';
import { useChatSettings } from '$lib/server/llm/chat-models';
import * as briefRoute from '../../src/routes/api/chats/[id]/brief/+server';
import * as messagesRoute from '../../src/routes/api/chats/[id]/messages/+server';
import { callRoute, createChat, readEvents, storedMessages, useChatFixture } from '../helpers/chat';

const fixture = useChatFixture('unused');

/** A valid answer for each question: the first option, or a short text. */
function answerAll(questions: IntakeQuestion[]): Record<string, string | string[]> {
	return Object.fromEntries(
		questions.map((q) => [
			q.id,
			q.type === 'multiple_choice' ? [q.options[0]] : q.type === 'single_choice' ? q.options[0] : 'Test answer'
		])
	);
}

describe('built-in assistants without a model', () => {
	it('load on a fresh start and each asks its required questions as a form', async () => {
		// Bob is a member (Alice, the first account, is an admin and may edit built-ins).
		const { bob: member, testDb } = fixture;
		await loadBuiltinAssistants();
		useChatSettings({
			provider: 'openai',
			models: [],
			contextTokens: 128_000,
			timeoutMs: 5_000,
			openai: {},
			azure: {},
			maxRetries: 0
		});
		const builtins = (await listAssistants(member)).filter((a) => a.builtin);
		expect(builtins.length).toBeGreaterThanOrEqual(12);
		for (const assistant of builtins) {
			expect(assistant.can.use, assistant.name).toBe(true);
			expect(assistant.can.edit, assistant.name).toBe(false);
			const required = assistant.intake.questions.filter((q) => q.required);
			expect(required.length, `${assistant.name} has required questions`).toBeGreaterThan(0);
			const chatId = await createChat(member, { assistantId: assistant.id });
			const res = await callRoute(messagesRoute.POST, {
				user: member,
				method: 'POST',
				path: `/api/chats/${chatId}/messages`,
				params: { id: chatId },
				body: { content: `Help me with: ${assistant.name}` }
			});
			const events = await readEvents(res);
			expect(events[0].event, assistant.name).toBe('questions');
			const asked = (events[0].data as { questions: IntakeQuestion[] }).questions;
			expect(asked.map((q) => q.id)).toEqual(assistant.intake.questions.map((q) => q.id));

			const answered = await callRoute(briefRoute.POST, {
				user: member,
				method: 'POST',
				path: `/api/chats/${chatId}/brief`,
				params: { id: chatId },
				body: { answers: answerAll(asked) }
			});
			expect(answered.status, assistant.name).toBe(200);
			const drafted = await readEvents(answered);
			expect((drafted.find((e) => e.event === 'error')?.data as { message: string }).message).toMatch(/administrator/);
			const stored = await storedMessages(testDb.handle, chatId);
			expect(stored.map((m) => [m.role, m.status])).toEqual([
				['user', 'complete'],
				['assistant', 'error']
			]);
		}
	});
});
