import type { SessionUser } from '$lib/schemas/user';
import { findUsableAssistant, recordAssistantUse } from '../assistants/service';
import { insertChat, type ChatRow } from '../db/queries/chats';

/**
 * Starts a chat, optionally with an assistant the person may use (recording the version it starts
 * with). An assistant they cannot see is reported the same way as one that does not exist.
 */
export async function startChat(
	user: SessionUser,
	input: { title?: string; assistantId?: string }
): Promise<{ ok: true; chat: ChatRow } | { ok: false; message: string }> {
	let assistant: { id: string; version: number } | undefined;
	if (input.assistantId) {
		const found = await findUsableAssistant(user, input.assistantId);
		if (!found) return { ok: false, message: 'Assistant not found' };
		assistant = { id: found.id, version: found.version };
	}
	const chat = await insertChat({ userId: user.id, title: input.title, assistant });
	if (assistant) await recordAssistantUse(assistant.id);
	return { ok: true, chat };
}
