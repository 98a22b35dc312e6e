import { error, json } from '@sveltejs/kit';
import { editMessageSchema } from '$lib/schemas/chat';
import { assistantContextFor } from '$lib/server/assistants/context';
import { attachmentsForTurn, blockedAttachments } from '$lib/server/attachments/turn';
import { requireApiUser } from '$lib/server/authz/guards';
import { checkOutgoingText } from '$lib/server/chat/guard';
import { parseJsonBody } from '$lib/server/chat/request';
import { streamTurn } from '$lib/server/chat/stream-turn';
import { findChatForUser, findMessageInChat } from '$lib/server/db/queries/chats';
import type { RequestHandler } from './$types';

/**
 * Asks an edited version of a question and streams its answer. The edited question is stored beside the
 * original (same parent), so the original and its answers are kept and can be switched back to.
 */
export const POST: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const errorId = event.locals.requestId;
	const chat = await findChatForUser(event.params.id, user.id);
	if (!chat) error(404, { message: 'Chat not found', errorId });
	const original = await findMessageInChat(chat.id, event.params.messageId);
	if (original?.role !== 'user') error(404, { message: 'Question not found', errorId });
	const input = await parseJsonBody(event.request, editMessageSchema, errorId);
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
			editOf: original,
			useGuidance: input.useGuidance,
			model: input.model,
			attachments,
			errorId
		},
		'chat edit'
	);
};
