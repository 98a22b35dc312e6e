import { json } from '@sveltejs/kit';
import { createChatSchema } from '$lib/schemas/chat';
import { requireApiUser } from '$lib/server/authz/guards';
import { parseJsonBody } from '$lib/server/chat/request';
import { chatSummary } from '$lib/server/chat/views';
import { insertChat, listChatsForUser } from '$lib/server/db/queries/chats';
import type { RequestHandler } from './$types';

/** My chats, most recently active first; `?q=` searches titles and message text. */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const q = event.url.searchParams.get('q')?.slice(0, 200) ?? undefined;
	const chats = await listChatsForUser(user.id, q);
	return json({ chats: chats.map(chatSummary) }, { headers: { 'cache-control': 'no-store' } });
};

export const POST: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const input = await parseJsonBody(event.request, createChatSchema, event.locals.requestId, { optional: true });
	const chat = await insertChat({ userId: user.id, title: input.title, assistantId: input.assistantId });
	return json({ id: chat.id }, { status: 201 });
};
