import { error, json } from '@sveltejs/kit';
import { renameChatSchema } from '$lib/schemas/chat';
import { chatAssistantView } from '$lib/server/assistants/context';
import { requireApiUser } from '$lib/server/authz/guards';
import { parseJsonBody } from '$lib/server/chat/request';
import { chatDetail, chatSummary } from '$lib/server/chat/views';
import { listFeedbackForChat } from '$lib/server/db/queries/feedback';
import { deleteChat, findChatForUser, listMessages, renameChat } from '$lib/server/db/queries/chats';
import type { RequestHandler } from './$types';

function notFound(errorId: string): never {
	error(404, { message: 'Chat not found', errorId });
}

/** A chat with its messages, their status and the passages each answer cited. */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const chat = await findChatForUser(event.params.id, user.id);
	if (!chat) notFound(event.locals.requestId);
	const [messages, feedback, assistant] = await Promise.all([
		listMessages(chat.id),
		listFeedbackForChat(chat.id, user.id),
		chatAssistantView(chat, user)
	]);
	return json(chatDetail(chat, messages, feedback, assistant), { headers: { 'cache-control': 'no-store' } });
};

/** Renames a chat. */
export const PATCH: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	if (!(await findChatForUser(event.params.id, user.id))) notFound(event.locals.requestId);
	const { title } = await parseJsonBody(event.request, renameChatSchema, event.locals.requestId);
	const chat = await renameChat(event.params.id, user.id, title);
	if (!chat) notFound(event.locals.requestId);
	return json(chatSummary(chat));
};

export const DELETE: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	if (!(await deleteChat(event.params.id, user.id))) notFound(event.locals.requestId);
	return new Response(null, { status: 204 });
};
