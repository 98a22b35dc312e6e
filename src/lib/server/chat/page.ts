/** What the chat pages load: the person's chats (optionally searched), one chat, the models on offer. */
import { error } from '@sveltejs/kit';
import type { ChatDetail, ChatSummary } from '$lib/schemas/chat';
import type { SessionUser } from '$lib/schemas/user';
import { chatAssistantView } from '../assistants/context';
import { listCollections } from '../db/queries/corpus';
import { findChatForUser, listChatsForUser, listMessages } from '../db/queries/chats';
import { listFeedbackForChat } from '../db/queries/feedback';
import { chatModels, NO_MODEL_MESSAGE_FOR_ADMINS, NO_MODEL_MESSAGE_FOR_MEMBERS } from '../llm/chat-models';
import { chatDetail, chatSummary, needsCollectionNames, withCollectionNames } from './views';

export async function chatsForSidebar(
	userId: string,
	q: string | null,
	openChatId: string | null = null
): Promise<ChatSummary[]> {
	const query = q?.trim().slice(0, 200) || undefined;
	return (await listChatsForUser(userId, query, 100, { hideEmptyExcept: openChatId })).map(chatSummary);
}

/** One of the person's chats; a missing chat and someone else's are both 404. */
export async function chatForPage(id: string, user: SessionUser, errorId: string): Promise<ChatDetail> {
	const userId = user.id;
	const chat = await findChatForUser(id, userId);
	if (!chat) error(404, { message: 'Chat not found', errorId });
	const [messages, feedback, assistant] = await Promise.all([
		listMessages(chat.id),
		listFeedbackForChat(chat.id, userId),
		chatAssistantView(chat, user)
	]);
	const detail = chatDetail(chat, messages, feedback, assistant);
	if (!needsCollectionNames(detail)) return detail;
	const names = new Map((await listCollections()).map((c) => [c.slug, c.name]));
	return withCollectionNames(detail, names);
}

/** The models on offer, or (when there are none) what this person can do about it. */
export async function modelsForPage(user: SessionUser): Promise<{
	models: { id: string; label: string }[];
	noModelMessage: string | null;
}> {
	const models = (await chatModels()).map((m) => ({ id: m.id, label: m.label }));
	if (models.length) return { models, noModelMessage: null };
	return { models, noModelMessage: user.role === 'admin' ? NO_MODEL_MESSAGE_FOR_ADMINS : NO_MODEL_MESSAGE_FOR_MEMBERS };
}
