/**
 * One turn of a chat as an async generator of events: store the question, find guidance, stream the
 * answer (saving it as it grows), tidy its citations, name the chat. The caller relays the events; it
 * must keep consuming them after the person goes away so that the answer is saved as `stopped`.
 */
import type { ChatEvent, ChatSource, MessageStatus, PromptVersion, StoredSource } from '$lib/schemas/chat';
import type { ChatModelOption } from '../config';
import {
	finishAssistantMessage,
	insertStreamingAssistantMessage,
	insertUserMessage,
	listMessages,
	saveStreamingContent,
	setChatBrief,
	setChatTitleIfEmpty,
	setChatUseGuidance,
	touchChat,
	type ChatRow,
	type MessageRow
} from '../db/queries/chats';
import {
	chatModels,
	chatSettings,
	ChatModelError,
	completeChat,
	NO_MODEL_MESSAGE,
	streamChat,
	type ModelMessage
} from '../llm/chat-models';
import { loadPrompt, promptVersion, renderPrompt, type Prompt } from '../llm/prompts';
import { assistantPromptVersion, type AssistantTurnContext } from '../assistants/context';
import { describeBrief, planIntake } from '../assistants/intake';
import { searchGuidance } from '../retrieval/search';
import { AnswerAbort } from '../cluster/answers';
import { errorFields, logger } from '../observability/log';
import { modelErrors, timeToFirstToken } from '../observability/metrics';
import { cleanCitations } from './citations';
import { answerReserve, branchTo, estimateTokens, fitToContext, latestBranch } from './history';

/** Passages offered to the model when grounding is on. */
export const GROUNDING_PASSAGES = 6;
/** The streamed text is saved when this much time has passed or this many characters have arrived. */
export const SAVE_EVERY = { ms: 500, chars: 400 };
const TITLE_TIMEOUT_MS = 15_000;

export type TurnInput = {
	chat: ChatRow;
	content: string;
	useGuidance?: boolean;
	/** A model id from chatModels(); the default model when absent. */
	model?: string;
	/** Aborts when the person closes the connection or presses stop. */
	signal: AbortSignal;
	/** Quoted in error events, so a person can report a failure and it can be found in the logs. */
	errorId?: string;
	/** Regenerating: the stored question to answer again (no new user message; earlier answers are kept). */
	question?: MessageRow;
	/** Editing: the stored question this one replaces; the new question becomes its sibling (same parent). */
	editOf?: MessageRow;
	/** The chat's assistant: its instructions, intake and the chat's brief shape the turn. */
	assistant?: AssistantTurnContext;
};

/** Checks a requested model against the configured ones. */
export function pickModel(requested: string | undefined): { model?: ChatModelOption } | { error: string } {
	const models = chatModels();
	if (requested === undefined) return { model: models[0] };
	const model = models.find((m) => m.id === requested);
	if (model) return { model };
	if (models.length === 0) return { error: `There is no model called "${requested}". ${NO_MODEL_MESSAGE}` };
	return {
		error: `There is no model called "${requested}". Choose one of: ${models.map((m) => m.id).join(', ')}.`
	};
}

/** The first words of the question, for when the model cannot name the chat. */
export function fallbackTitle(content: string): string {
	const words = content.replace(/\s+/g, ' ').trim().split(' ');
	let title = '';
	for (const word of words) {
		if (title && (title + ' ' + word).length > 60) break;
		title = title ? `${title} ${word}` : word;
		if (title.split(' ').length >= 8) break;
	}
	title = title.slice(0, 60);
	return title.length < content.trim().length ? `${title}…` : title;
}

function tidyTitle(raw: string): string {
	const line = raw.trim().split(/\r?\n/)[0] ?? '';
	return line
		.replace(/^(title:\s*)/i, '')
		.replace(/^["'“‘*#\s]+|["'”’*\s]+$/g, '')
		.replace(/[.!]+$/, '')
		.slice(0, 80)
		.trim();
}

function numberedPassages(sources: StoredSource[]): string {
	return sources
		.map((s) => {
			const where = [s.documentTitle, s.heading].filter(Boolean).join(' — ');
			return `[${s.n}] ${where}\n${s.text}`;
		})
		.join('\n\n');
}

function browserSource(s: StoredSource): ChatSource {
	return {
		n: s.n,
		documentTitle: s.documentTitle,
		heading: s.heading,
		collection: s.collection,
		text: s.text,
		url: s.url
	};
}

async function findPassages(query: string, collections: string[] = []): Promise<StoredSource[]> {
	try {
		const { results } = await searchGuidance({ query, k: GROUNDING_PASSAGES, collections });
		return results.map((r, i) => ({
			n: i + 1,
			chunkId: r.chunkId,
			documentId: r.documentId,
			documentTitle: r.documentTitle,
			heading: r.heading,
			collection: r.collection,
			version: r.version,
			url: r.sourceUrl,
			text: r.text
		}));
	} catch (e) {
		// An answer without guidance is better than no answer; the person still sees no sources.
		logger().error(errorFields(e), 'guidance search failed; answering without passages');
		return [];
	}
}

async function nameChat(chat: ChatRow, content: string, model: string | undefined, answered: boolean) {
	let title = '';
	if (model && answered) {
		try {
			const prompt = await loadPrompt('chat-title');
			const reply = await completeChat({
				model,
				messages: [{ role: 'user', content: renderPrompt(prompt, { message: content.slice(0, 2000) }) }],
				maxTokens: 30,
				timeoutMs: TITLE_TIMEOUT_MS
			});
			title = tidyTitle(reply);
		} catch (e) {
			logger().warn(errorFields(e), 'title generation failed; using the first words of the message');
		}
	}
	if (!title) title = fallbackTitle(content);
	return (await setChatTitleIfEmpty(chat.id, title)) ? title : undefined;
}

function assistantSystem(prompt: Prompt, context: AssistantTurnContext): string {
	const { definition, brief } = context;
	const template = definition.outputTemplate.trim();
	return renderPrompt(prompt, {
		name: definition.name,
		instructions: definition.instructions,
		brief: brief ? describeBrief(brief.questions, brief.answers) : '- (no brief was given)',
		template: template ? `Structure the draft like this template:\n${template}` : ''
	});
}

/** Runs one turn. Input must already be validated (content length, model id). */
export async function* runTurn(input: TurnInput): AsyncGenerator<ChatEvent> {
	const { chat, signal } = input;
	const startedAt = Date.now();
	const errorId = input.errorId ?? crypto.randomUUID();
	const useGuidance = input.useGuidance ?? chat.useGuidance;
	if (useGuidance !== chat.useGuidance) await setChatUseGuidance(chat.id, useGuidance);
	// The person's choice, else the assistant's default model when it is still configured.
	const assistantDefault = input.assistant?.definition.defaultModel;
	const requested =
		input.model ??
		(assistantDefault && chatModels().some((m) => m.id === assistantDefault) ? assistantDefault : undefined);
	const picked = pickModel(requested);
	const model = 'model' in picked ? picked.model : undefined;

	// Guidance search starts now, alongside the database work before the answer (it never throws).
	const grounding =
		useGuidance && model && (input.assistant?.brief || !input.assistant || input.question || input.editOf)
			? findPassages(input.content, input.assistant?.definition.collections)
			: undefined;
	const all = await listMessages(chat.id);
	// What the model sees is the branch the question sits on: above a regenerated or edited question, or
	// the conversation as it now stands for a new one.
	const above = input.question ?? input.editOf;
	const earlier = above ? branchTo(all, above.parentId) : latestBranch(all);
	const [systemPrompt, groundingPrompt] = await Promise.all([loadPrompt('chat-system'), loadPrompt('chat-grounding')]);
	const promptVersions: PromptVersion[] = [promptVersion(systemPrompt)];
	if (useGuidance) promptVersions.push(promptVersion(groundingPrompt));

	// An assistant's opening request: take what it answers, and ask for what is missing before drafting.
	let assistant = input.assistant;
	const opening = earlier.length === 0 && !input.question && !input.editOf;
	if (assistant && opening && !assistant.brief) {
		const plan = await planIntake({ definition: assistant.definition, request: input.content, model: model?.id });
		promptVersions.push(...plan.promptVersions);
		if (plan.ask.length) {
			const asked = await insertUserMessage(chat.id, input.content, undefined);
			await setChatBrief(chat.id, {
				requestMessageId: asked.id,
				questions: plan.all,
				asked: plan.ask.map((q) => q.id),
				known: plan.known,
				answers: plan.known,
				state: 'asking'
			});
			await touchChat(chat.id);
			yield { event: 'questions', data: { questions: plan.ask, known: plan.known, userMessageId: asked.id } };
			if (chat.title === '' && (await setChatTitleIfEmpty(chat.id, fallbackTitle(input.content)))) {
				yield { event: 'title', data: { title: fallbackTitle(input.content) } };
			}
			yield { event: 'done', data: { assistantMessageId: null, status: 'awaiting_answers' } };
			return;
		}
		assistant = {
			...assistant,
			brief: {
				requestMessageId: '',
				questions: plan.all,
				asked: [],
				known: plan.known,
				answers: plan.known,
				state: 'answered'
			}
		};
	} else if (assistant?.brief?.state === 'asking' && !input.question) {
		// The person wrote instead of answering the questions: carry on with what is known.
		assistant = { ...assistant, brief: { ...assistant.brief, state: 'skipped' } };
		await setChatBrief(chat.id, assistant.brief);
	}
	if (assistant) promptVersions.push(assistantPromptVersion(assistant));
	const assistantPrompt = assistant ? await loadPrompt('assistant-brief') : undefined;
	if (assistantPrompt) promptVersions.push(promptVersion(assistantPrompt));

	// The question is committed before anything can fail, so it is never lost and never stored twice.
	const userMessage =
		input.question ??
		(await insertUserMessage(chat.id, input.content, input.editOf ? input.editOf.parentId : earlier.at(-1)?.id));
	if (assistant?.brief && !assistant.brief.requestMessageId) {
		assistant.brief.requestMessageId = userMessage.id;
		await setChatBrief(chat.id, assistant.brief);
	}
	// Touched first: once the answer row exists, nothing may fail before the caller learns its id.
	await touchChat(chat.id);
	const answer = await insertStreamingAssistantMessage({
		chatId: chat.id,
		parentId: userMessage.id,
		model: model?.id ?? null,
		promptVersions
	});
	yield { event: 'start', data: { userMessageId: userMessage.id, assistantMessageId: answer.id } };

	const firstTurn = earlier.length === 0 && !input.question;
	let text = '';
	let status: Exclude<MessageStatus, 'streaming'> = 'complete';
	let failure: ChatModelError | undefined;
	let sources: StoredSource[] = [];
	let usage: { inputTokens: number; outputTokens: number } | undefined;
	let promptEstimate = 0;

	if (!model) {
		status = 'error';
		failure = new ChatModelError(NO_MODEL_MESSAGE, false, 'not-configured');
	} else {
		const offered = useGuidance
			? await (grounding ?? findPassages(input.content, assistant?.definition.collections))
			: [];
		if (useGuidance) yield { event: 'sources', data: { sources: offered.map(browserSource) } };
		const system: ModelMessage[] = [{ role: 'system', content: renderPrompt(systemPrompt) }];
		if (assistant && assistantPrompt)
			system.push({ role: 'system', content: assistantSystem(assistantPrompt, assistant) });
		if (offered.length) {
			system.push({ role: 'system', content: renderPrompt(groundingPrompt, { passages: numberedPassages(offered) }) });
		}
		const history: ModelMessage[] = earlier
			.filter((m) => m.content.trim())
			.map((m) => ({ role: m.role, content: m.content }));
		const { contextTokens } = chatSettings();
		const { messages } = fitToContext({
			system,
			history,
			current: { role: 'user', content: input.content },
			contextTokens,
			reserveTokens: answerReserve(contextTokens)
		});
		promptEstimate = messages.reduce((sum, m) => sum + estimateTokens(m.content), 0);

		let savedLength = 0;
		let savedAt = Date.now();
		let firstToken = true;
		try {
			const temperature = assistant?.definition.temperature ?? undefined;
			for await (const part of streamChat({ model: model.id, messages, signal, temperature })) {
				if ('usage' in part) {
					usage = part.usage;
					continue;
				}
				text += part.text;
				if (firstToken) {
					firstToken = false;
					timeToFirstToken.observe((Date.now() - startedAt) / 1000);
				}
				yield { event: 'token', data: { text: part.text } };
				if (text.length - savedLength >= SAVE_EVERY.chars || Date.now() - savedAt >= SAVE_EVERY.ms) {
					await saveStreamingContent(answer.id, text);
					savedLength = text.length;
					savedAt = Date.now();
				}
			}
			// Shutdown saves what was written as `interrupted`; the person's Stop (from any instance) as `stopped`.
			if (signal.aborted)
				status =
					signal.reason instanceof AnswerAbort && signal.reason.reason === 'shutdown' ? 'interrupted' : 'stopped';
		} catch (e) {
			status = 'error';
			failure =
				e instanceof ChatModelError
					? e
					: new ChatModelError('Sorry, there is a problem with the service. Try again.', true, 'stream', {
							cause: e
						});
			modelErrors.inc({ kind: failure.kind });
			logger().error(
				{ requestId: errorId, kind: failure.kind, ...errorFields(failure.cause ?? failure) },
				'chat answer failed'
			);
		}
		const cleaned = cleanCitations(text, offered.length);
		text = cleaned.text;
		sources = cleaned.cited.map((n) => offered[n - 1]);
	}

	await finishAssistantMessage(answer.id, {
		content: text,
		status,
		errorMessage: failure?.message ?? null,
		sources,
		promptTokens: usage?.inputTokens ?? (model ? promptEstimate : null),
		completionTokens: usage?.outputTokens ?? (model ? estimateTokens(text) : null)
	});
	if (failure) yield { event: 'error', data: { message: failure.message, errorId, retryable: failure.retryable } };
	if (firstTurn && chat.title === '') {
		const title = await nameChat(chat, input.content, model?.id, status === 'complete');
		if (title) yield { event: 'title', data: { title } };
	}
	yield { event: 'done', data: { assistantMessageId: answer.id, status } };
}
