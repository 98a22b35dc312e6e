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

const versions = new Map<string, Promise<AssistantDefinition | undefined>>();

/**
 * An assistant version's definition, read once per process: versions are never changed once written
 * (a change is a new version, a deletion removes the assistant, which the access check then refuses),
 * so no instance can hold a stale copy and nothing needs dropping.
 */
function versionDefinition(id: string, version: number): Promise<AssistantDefinition | undefined> {
	const key = `${id}:${version}`;
	let reading = versions.get(key);
	if (!reading) {
		if (versions.size >= 500) versions.delete(versions.keys().next().value!);
		reading = findAssistantVersion(id, version);
		versions.set(key, reading);
		// Not found (or failed) is not remembered: it may be a version being written right now.
		reading.then(
			(d) => d || versions.delete(key),
			() => versions.delete(key)
		);
	}
	return reading;
}

/**
 * The chat's assistant for a turn, or nothing when the chat has none or the person may no longer use it
 * (removed from the team, unpublished…): then the chat carries on as a plain chat.
 */
export async function assistantContextFor(chat: ChatRow, user: SessionUser): Promise<AssistantTurnContext | undefined> {
	if (!chat.assistantId || !chat.assistantVersion) return undefined;
	// Both reads at once; the definition is used only when the person may still use the assistant.
	const [usable, definition] = await Promise.all([
		canUseAssistant(user, chat.assistantId),
		versionDefinition(chat.assistantId, chat.assistantVersion)
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
