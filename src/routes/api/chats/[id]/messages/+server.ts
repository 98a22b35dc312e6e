import { error, json } from '@sveltejs/kit';
import { sendMessageSchema } from '$lib/schemas/chat';
import { assistantContextFor } from '$lib/server/assistants/context';
import { attachmentsForTurn, blockedAttachments } from '$lib/server/attachments/turn';
import { requireApiUser } from '$lib/server/authz/guards';
import { checkOutgoingText } from '$lib/server/chat/guard';
import { parseJsonBody } from '$lib/server/chat/request';
import { streamTurn } from '$lib/server/chat/stream-turn';
import { findChatForUser } from '$lib/server/db/queries/chats';
import type { RequestHandler } from './$types';

/** Sends a message and streams the answer as server-sent events; closing the connection stops it. */
export const POST: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const errorId = event.locals.requestId;
	const chat = await findChatForUser(event.params.id, user.id);
	if (!chat) error(404, { message: 'Chat not found', errorId });
	const input = await parseJsonBody(event.request, sendMessageSchema, errorId);
	const attachments = await attachmentsForTurn(chat.id, user.id, input.attachmentIds, errorId);
	const guard = await checkOutgoingText(user, input.content, input.personalData);
	if (!guard.ok) return json({ ...guard.body, errorId }, { status: guard.status });
	const blocked = await blockedAttachments(user.id, attachments, errorId);
	if (blocked) return blocked;
	return streamTurn(
		event.request,
		{
			chat,
			assistant: await assistantContextFor(chat, user),
			content: input.content,
			useGuidance: input.useGuidance,
			model: input.model,
			attachments,
			errorId
		},
		'chat turn'
	);
};
