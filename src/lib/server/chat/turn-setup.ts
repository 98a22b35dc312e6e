/**
 * The first phase of a turn: settle the model and guidance choice, start the guidance search, load
 * the branch of conversation the question sits on, and load the prompts.
 */
import type { PromptVersion, StoredSource } from '$lib/schemas/chat';
import type { AttachmentWithText } from '../db/queries/attachments';
import type { ChatModelOption } from '../config';
import { listMessages, setChatUseGuidance, type ChatRow, type MessageRow } from '../db/queries/chats';
import { chatModels, NO_MODEL_MESSAGE } from '../llm/chat-models';
import { loadPrompt, promptVersion, type Prompt } from '../llm/prompts';
import type { AssistantTurnContext } from '../assistants/context';
import { errorFields, logger } from '../observability/log';
import { searchGuidance } from '../retrieval/search';
import { branchTo, latestBranch } from './history';
import type { TurnTimer } from './turn-timing';

/** Passages offered to the model when grounding is on. */
export const GROUNDING_PASSAGES = 6;

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
	/** The person's own files to answer from (already checked to be theirs, in this chat). */
	attachments?: AttachmentWithText[];
	/** Phase times before the first token (`bench:chat -- --profile`). */
	timer?: TurnTimer;
};

export type TurnSetup = {
	input: TurnInput;
	errorId: string;
	/** When the turn began (Date.now()), for the time-to-first-token metric. */
	startedAt: number;
	useGuidance: boolean;
	model: ChatModelOption | undefined;
	/** The guidance search, started early so it overlaps the database work. */
	grounding: Promise<StoredSource[]> | undefined;
	/** The conversation above the question, oldest first. */
	earlier: MessageRow[];
	prompts: { system: Prompt; grounding: Prompt };
	promptVersions: PromptVersion[];
	timer?: TurnTimer;
};

/** Checks a requested model against the configured ones. */
export async function pickModel(
	requested: string | undefined
): Promise<{ model?: ChatModelOption } | { error: string }> {
	const models = await chatModels();
	if (requested === undefined) return { model: models[0] };
	const model = models.find((m) => m.id === requested);
	if (model) return { model };
	if (models.length === 0) return { error: `There is no model called "${requested}". ${NO_MODEL_MESSAGE}` };
	return {
		error: `There is no model called "${requested}". Choose one of: ${models.map((m) => m.id).join(', ')}.`
	};
}

/** Guidance passages for a question; an answer without guidance beats no answer, so this never throws. */
export async function findPassages(query: string, collections: string[] = []): Promise<StoredSource[]> {
	try {
		const { results } = await searchGuidance({ query, k: GROUNDING_PASSAGES, collections });
		return results.map((r, i) => ({
			n: i + 1,
			chunkId: r.chunkId,
			documentId: r.documentId,
			documentTitle: r.documentTitle,
			heading: r.heading,
			collection: r.collection,
			collectionName: r.collectionName,
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

/** The person's choice, else the assistant's default model when it is still configured. */
async function chooseModel(input: TurnInput): Promise<ChatModelOption | undefined> {
	const assistantDefault = input.assistant?.definition.defaultModel;
	const models = await chatModels();
	const requested =
		input.model ?? (assistantDefault && models.some((m) => m.id === assistantDefault) ? assistantDefault : undefined);
	const picked = await pickModel(requested);
	return 'model' in picked ? picked.model : undefined;
}

export async function prepareTurn(input: TurnInput): Promise<TurnSetup> {
	const startedAt = Date.now();
	const { chat } = input;
	const useGuidance = input.useGuidance ?? chat.useGuidance;
	const model = await chooseModel(input);
	// An assistant's opening request may end in questions instead of an answer: search only when answering.
	const grounding =
		useGuidance && model && (input.assistant?.brief || !input.assistant || input.question || input.editOf)
			? findPassages(input.content, input.assistant?.definition.collections)
			: undefined;
	// Independent reads together: the conversation, the prompts (read once per process), the choice.
	const [all, system, groundingPrompt] = await Promise.all([
		listMessages(chat.id),
		loadPrompt('chat-system'),
		loadPrompt('chat-grounding'),
		useGuidance !== chat.useGuidance ? setChatUseGuidance(chat.id, useGuidance) : undefined
	]);
	// What the model sees is the branch the question sits on: above a regenerated or edited question, or
	// the conversation as it now stands for a new one.
	const above = input.question ?? input.editOf;
	const earlier = above ? branchTo(all, above.parentId) : latestBranch(all);
	const promptVersions: PromptVersion[] = [promptVersion(system)];
	if (useGuidance) promptVersions.push(promptVersion(groundingPrompt));
	input.timer?.mark('model choice, history and prompts');
	return {
		input,
		errorId: input.errorId ?? crypto.randomUUID(),
		startedAt,
		useGuidance,
		model,
		grounding,
		earlier,
		prompts: { system, grounding: groundingPrompt },
		promptVersions,
		timer: input.timer
	};
}
