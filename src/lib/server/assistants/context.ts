import type { AssistantDefinition, ChatBrief } from '$lib/schemas/assistant';
import type { ChatAssistantView, PromptVersion } from '$lib/schemas/chat';
import type { SessionUser } from '$lib/schemas/user';
import { findAssistantVersion } from '../db/queries/assistants';
import { canUseAssistant } from './service';
import type { ChatRow } from '../db/queries/chats';

/** The assistant a chat drafts with: the exact version it started with, and the chat's brief. */
export type AssistantTurnContext = {
	id: string;
	version: number;
	definition: AssistantDefinition;
	brief: ChatBrief | null;
};

/**
 * The chat's assistant for a turn, or nothing when the chat has none or the person may no longer use it
 * (removed from the team, unpublished…): then the chat carries on as a plain chat.
 */
export async function assistantContextFor(chat: ChatRow, user: SessionUser): Promise<AssistantTurnContext | undefined> {
	if (!chat.assistantId || !chat.assistantVersion) return undefined;
	// Both reads at once; the definition is used only when the person may still use the assistant.
	const [usable, definition] = await Promise.all([
		canUseAssistant(user, chat.assistantId),
		findAssistantVersion(chat.assistantId, chat.assistantVersion)
	]);
	if (!usable || !definition) return undefined;
	return { id: chat.assistantId, version: chat.assistantVersion, definition, brief: chat.brief };
}

/** Stored with each answer beside the prompt versions, so a draft can be traced to the assistant version. */
export function assistantPromptVersion(context: AssistantTurnContext): PromptVersion {
	return { id: `assistant/${context.id}`, version: context.version };
}

/** What the chat page shows of its assistant (the version the chat uses). */
export async function chatAssistantView(chat: ChatRow, user: SessionUser): Promise<ChatAssistantView | null> {
	if (!chat.assistantId || !chat.assistantVersion) return null;
	const definition = await findAssistantVersion(chat.assistantId, chat.assistantVersion);
	if (!definition) return null;
	return {
		id: chat.assistantId,
		name: definition.name,
		description: definition.description,
		version: chat.assistantVersion,
		starters: definition.starters,
		intakeMode: definition.intake.mode,
		available: await canUseAssistant(user, chat.assistantId)
	};
}
