import type { AssistantDefinition, ChatBrief } from '$lib/schemas/assistant';
import type { ChatAssistantView, PromptVersion } from '$lib/schemas/chat';
import { findAssistantVersion } from '../db/queries/assistants';
import type { ChatRow } from '../db/queries/chats';

/** The assistant a chat drafts with: the exact version it started with, and the chat's brief. */
export type AssistantTurnContext = {
	id: string;
	version: number;
	definition: AssistantDefinition;
	brief: ChatBrief | null;
};

export async function assistantContextFor(chat: ChatRow): Promise<AssistantTurnContext | undefined> {
	if (!chat.assistantId || !chat.assistantVersion) return undefined;
	const definition = await findAssistantVersion(chat.assistantId, chat.assistantVersion);
	if (!definition) return undefined;
	return { id: chat.assistantId, version: chat.assistantVersion, definition, brief: chat.brief };
}

/** Stored with each answer beside the prompt versions, so a draft can be traced to the assistant version. */
export function assistantPromptVersion(context: AssistantTurnContext): PromptVersion {
	return { id: `assistant/${context.id}`, version: context.version };
}

/** What the chat page shows of its assistant (the version the chat uses). */
export async function chatAssistantView(chat: ChatRow): Promise<ChatAssistantView | null> {
	const context = await assistantContextFor(chat);
	if (!context) return null;
	const { definition } = context;
	return {
		id: context.id,
		name: definition.name,
		description: definition.description,
		version: context.version,
		starters: definition.starters,
		intakeMode: definition.intake.mode
	};
}
