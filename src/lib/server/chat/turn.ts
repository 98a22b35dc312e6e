/**
 * One turn of a chat as an async generator of events, in named phases: setup (model, history,
 * prompts), intake (an assistant's questions), saving the question, context building (attached
 * files and guidance), streaming and saving the answer, and finishing (citations, title, done). The
 * caller relays the events; it must keep consuming them after the person goes away so that the answer
 * is saved as `stopped`.
 */
import type { ChatEvent, PromptVersion } from '$lib/schemas/chat';
import { assistantPromptVersion, type AssistantTurnContext } from '../assistants/context';
import type { ChatBrief } from '$lib/schemas/assistant';
import { finishAssistantMessage, openTurn } from '../db/queries/chats';
import { ChatModelError, NO_MODEL_MESSAGE } from '../llm/chat-models';
import { loadPrompt, promptVersion } from '../llm/prompts';
import { cleanCitations } from './citations';
import { estimateTokens } from './history';
import { nameChat } from './title';
import { buildContext, type TurnContext } from './turn-context';
import { intakePhase } from './turn-intake';
import { prepareTurn, type TurnInput, type TurnSetup } from './turn-setup';
import { asModelError, streamAnswer, type StreamOutcome } from './turn-stream';
import { errorFields, logger } from '../observability/log';

export { fallbackTitle } from './title';
export { GROUNDING_PASSAGES, pickModel, type TurnInput } from './turn-setup';
export { SAVE_EVERY } from './turn-stream';

/**
 * Commits the question (never lost, never stored twice) and opens the answer row, in one statement:
 * nothing calls the model before this has returned.
 */
async function saveQuestion(setup: TurnSetup, assistant: AssistantTurnContext | undefined) {
	const { input } = setup;
	if (assistant) setup.promptVersions.push(assistantPromptVersion(assistant));
	if (assistant) setup.promptVersions.push(promptVersion(await loadPrompt('assistant-brief')));
	const parentId = input.editOf ? input.editOf.parentId : (setup.earlier.at(-1)?.id ?? null);
	const questionId = input.question?.id ?? crypto.randomUUID();
	const answerId = crypto.randomUUID();
	let brief: ChatBrief | undefined;
	if (assistant?.brief && !assistant.brief.requestMessageId) {
		assistant.brief.requestMessageId = questionId;
		brief = assistant.brief;
	}
	await openTurn({
		chatId: input.chat.id,
		question: input.question ? undefined : { id: questionId, content: input.content, parentId },
		questionId,
		answerId,
		model: setup.model?.id ?? null,
		promptVersions: [...setup.promptVersions],
		brief
	});
	setup.timer?.mark('save question and open answer');
	return { userMessageId: questionId, answerId };
}

/** Context building then streaming; a failure while reading attached files ends the answer as `error`. */
async function* answerPhase(
	setup: TurnSetup,
	assistant: AssistantTurnContext | undefined,
	answerId: string
): AsyncGenerator<ChatEvent, { outcome: StreamOutcome; context?: TurnContext }> {
	const model = setup.model;
	if (!model) {
		const failure = new ChatModelError(NO_MODEL_MESSAGE, false, 'not-configured');
		return { outcome: { text: '', status: 'error', failure } };
	}
	let context: TurnContext;
	try {
		context = yield* buildContext(setup, assistant, model.id);
	} catch (e) {
		logger().error({ requestId: setup.errorId, ...errorFields(e) }, 'reading the attached files failed');
		return { outcome: { text: '', status: 'error', failure: asModelError(e) } };
	}
	const outcome = yield* streamAnswer({
		answerId,
		model: model.id,
		messages: context.messages,
		signal: setup.input.signal,
		temperature: assistant?.definition.temperature ?? undefined,
		errorId: setup.errorId,
		startedAt: setup.startedAt,
		timer: setup.timer
	});
	return { outcome, context };
}

/** Keeps only real citations, saves the answer, and ends with error?, title? and done. */
async function* finishPhase(
	setup: TurnSetup,
	answerId: string,
	firstTurn: boolean,
	{ outcome, context }: { outcome: StreamOutcome; context?: TurnContext }
): AsyncGenerator<ChatEvent> {
	const { input, model, errorId } = setup;
	const offered = context?.offered ?? [];
	const cleaned = context ? cleanCitations(outcome.text, offered.length) : { text: outcome.text, cited: [] };
	const promptVersions: PromptVersion[] = setup.promptVersions;
	await finishAssistantMessage(answerId, {
		content: cleaned.text,
		status: outcome.status,
		errorMessage: outcome.failure?.message ?? null,
		sources: cleaned.cited.map((n) => offered[n - 1]),
		promptTokens: outcome.usage?.inputTokens ?? (model ? (context?.promptEstimate ?? 0) : null),
		completionTokens: outcome.usage?.outputTokens ?? (model ? estimateTokens(cleaned.text) : null),
		promptVersions
	});
	const { failure } = outcome;
	if (failure) yield { event: 'error', data: { message: failure.message, errorId, retryable: failure.retryable } };
	if (firstTurn && input.chat.title === '') {
		const title = await nameChat(input.chat, input.content, model?.id, outcome.status === 'complete');
		if (title) yield { event: 'title', data: { title } };
	}
	yield { event: 'done', data: { assistantMessageId: answerId, status: outcome.status } };
}

/** Runs one turn. Input must already be validated (content length, model id, attachments). */
export async function* runTurn(input: TurnInput): AsyncGenerator<ChatEvent> {
	const setup = await prepareTurn(input);
	const intake = yield* intakePhase(setup);
	if (intake.stop) return;
	const { userMessageId, answerId } = await saveQuestion(setup, intake.assistant);
	yield { event: 'start', data: { userMessageId, assistantMessageId: answerId } };
	const firstTurn = setup.earlier.length === 0 && !input.question;
	const result = yield* answerPhase(setup, intake.assistant, answerId);
	yield* finishPhase(setup, answerId, firstTurn, result);
}
