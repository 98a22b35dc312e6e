import { error, json } from '@sveltejs/kit';
import { createChatSchema } from '$lib/schemas/chat';
import { requireApiUser } from '$lib/server/authz/guards';
import { parseJsonBody } from '$lib/server/chat/request';
import { startChat } from '$lib/server/chat/start';
import { chatSummary } from '$lib/server/chat/views';
import { listChatsForUser } from '$lib/server/db/queries/chats';
import type { RequestHandler } from './$types';

/** My chats, most recently active first; `?q=` searches titles and message text. */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const q = event.url.searchParams.get('q')?.slice(0, 200) ?? undefined;
	const chats = await listChatsForUser(user.id, q);
	return json({ chats: chats.map(chatSummary) }, { headers: { 'cache-control': 'no-store' } });
};

/** Starts a chat, with an assistant I may use when `assistantId` is given (404 otherwise). */
export const POST: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const errorId = event.locals.requestId;
	const input = await parseJsonBody(event.request, createChatSchema, errorId, { optional: true });
	const started = await startChat(user, input);
	if (!started.ok) error(404, { message: started.message, errorId });
	return json({ id: started.chat.id }, { status: 201 });
};
