/**
 * The intake phase: an assistant's opening request is checked against its questions; when something
 * it needs is missing, the turn ends with the questions instead of an answer.
 */
import type { ChatEvent } from '$lib/schemas/chat';
import type { AssistantTurnContext } from '../assistants/context';
import { planIntake } from '../assistants/intake';
import { insertUserMessage, setChatBrief, setChatTitleIfEmpty, touchChat } from '../db/queries/chats';
import { fallbackTitle } from './title';
import type { TurnSetup } from './turn-setup';

/** The outcome: carry on with this assistant context, or stop (the questions were sent). */
export type IntakeOutcome = { stop: true } | { stop: false; assistant: AssistantTurnContext | undefined };

/** Asks the assistant's missing questions, or records what is known; yields `questions` when asking. */
export async function* intakePhase(setup: TurnSetup): AsyncGenerator<ChatEvent, IntakeOutcome> {
	const { input } = setup;
	const assistant = input.assistant;
	const opening = setup.earlier.length === 0 && !input.question && !input.editOf;
	if (assistant && opening && !assistant.brief) {
		const plan = await planIntake({ definition: assistant.definition, request: input.content, model: setup.model?.id });
		setup.promptVersions.push(...plan.promptVersions);
		if (!plan.ask.length) {
			const brief = { requestMessageId: '', questions: plan.all, asked: [], known: plan.known, answers: plan.known };
			return { stop: false, assistant: { ...assistant, brief: { ...brief, state: 'answered' } } };
		}
		const asked = await insertUserMessage(input.chat.id, input.content, undefined);
		await setChatBrief(input.chat.id, {
			requestMessageId: asked.id,
			questions: plan.all,
			asked: plan.ask.map((q) => q.id),
			known: plan.known,
			answers: plan.known,
			state: 'asking'
		});
		await touchChat(input.chat.id);
		yield { event: 'questions', data: { questions: plan.ask, known: plan.known, userMessageId: asked.id } };
		const title = fallbackTitle(input.content);
		if (input.chat.title === '' && (await setChatTitleIfEmpty(input.chat.id, title))) {
			yield { event: 'title', data: { title } };
		}
		yield { event: 'done', data: { assistantMessageId: null, status: 'awaiting_answers' } };
		return { stop: true };
	}
	if (assistant?.brief?.state === 'asking' && !input.question) {
		// The person wrote instead of answering the questions: carry on with what is known.
		const skipped = { ...assistant, brief: { ...assistant.brief, state: 'skipped' as const } };
		await setChatBrief(input.chat.id, skipped.brief);
		return { stop: false, assistant: skipped };
	}
	return { stop: false, assistant };
}
