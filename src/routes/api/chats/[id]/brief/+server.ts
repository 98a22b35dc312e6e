import { error, json } from '@sveltejs/kit';
import { briefSchema } from '$lib/schemas/assistant';
import { assistantContextFor } from '$lib/server/assistants/context';
import { resolveBrief } from '$lib/server/assistants/brief';
import { requireApiUser } from '$lib/server/authz/guards';
import { checkOutgoingText } from '$lib/server/chat/guard';
import { parseJsonBody } from '$lib/server/chat/request';
import { streamTurn } from '$lib/server/chat/stream-turn';
import { findChatForUser, findMessageInChat, setChatBrief } from '$lib/server/db/queries/chats';
import type { RequestHandler } from './$types';

/**
 * Answers the assistant's questions (`{"answers": {...}}`) or skips them (`{"skip": true}`), then
 * streams the draft exactly like POST /messages. Sent again later, new answers replace the brief and
 * the request is drafted again (the earlier draft is kept as another version).
 */
export const POST: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const errorId = event.locals.requestId;
	const chat = await findChatForUser(event.params.id, user.id);
	if (!chat) error(404, { message: 'Chat not found', errorId });
	const body = await parseJsonBody(event.request, briefSchema, errorId);
	const context = await assistantContextFor(chat, user);
	if (chat.assistantId && !context) {
		return json({ message: 'You can no longer use the assistant this chat started with.', errorId }, { status: 403 });
	}
	if (!context || !context.brief) {
		return json({ message: 'This chat has no brief to answer. Send a message instead.', errorId }, { status: 409 });
	}
	const request = await findMessageInChat(chat.id, context.brief.requestMessageId);
	if (!request) return json({ message: 'The request this brief belongs to was not found.', errorId }, { status: 409 });
	const resolved = resolveBrief(context.brief, body);
	if (!resolved.ok) {
		return json({ message: resolved.message, errorId, errors: resolved.errors }, { status: 400 });
	}
	const personalData = 'answers' in body ? body.personalData : undefined;
	const guard = await checkOutgoingText(user, resolved.text, personalData);
	if (!guard.ok) return json({ ...guard.body, errorId }, { status: guard.status });
	await setChatBrief(chat.id, resolved.brief);
	return streamTurn(
		event.request,
		{
			chat,
			assistant: { ...context, brief: resolved.brief },
			content: request.content,
			question: request,
			useGuidance: 'answers' in body ? body.useGuidance : undefined,
			model: 'answers' in body ? body.model : undefined,
			errorId
		},
		'brief draft'
	);
};
