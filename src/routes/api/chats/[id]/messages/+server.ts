import { error, json } from '@sveltejs/kit';
import { sendMessageSchema } from '$lib/schemas/chat';
import { assistantContextFor } from '$lib/server/assistants/context';
import { attachmentsForTurn, blockedAttachments } from '$lib/server/attachments/turn';
import { requireApiUser } from '$lib/server/authz/guards';
import { checkOutgoingText } from '$lib/server/chat/guard';
import { parseJsonBody } from '$lib/server/chat/request';
import { streamTurn } from '$lib/server/chat/stream-turn';
import { TurnTimer } from '$lib/server/chat/turn-timing';
import { findChatForUser } from '$lib/server/db/queries/chats';
import type { RequestHandler } from './$types';

/** Sends a message and streams the answer as server-sent events; closing the connection stops it. */
export const POST: RequestHandler = async (event) => {
	const timer = new TurnTimer();
	const user = requireApiUser(event);
	const errorId = event.locals.requestId;
	// The chat and the body are read together; a missing chat is still answered 404 before a bad body.
	const found = findChatForUser(event.params.id, user.id);
	const body = parseJsonBody(event.request, sendMessageSchema, errorId);
	body.catch(() => {});
	const chat = await found;
	if (!chat) error(404, { message: 'Chat not found', errorId });
	const input = await body;
	const attachments = await attachmentsForTurn(chat.id, user.id, input.attachmentIds, errorId);
	const [guard, assistant] = await Promise.all([
		checkOutgoingText(user, input.content, input.personalData),
		assistantContextFor(chat, user)
	]);
	if (!guard.ok) return json({ ...guard.body, errorId }, { status: guard.status });
	const blocked = await blockedAttachments(user.id, attachments, errorId);
	if (blocked) return blocked;
	timer.mark('chat, body, personal-data guard, assistant');
	return streamTurn(
		event.request,
		{
			chat,
			assistant,
			content: input.content,
			useGuidance: input.useGuidance,
			model: input.model,
			attachments,
			errorId,
			timer
		},
		'chat turn'
	);
};
