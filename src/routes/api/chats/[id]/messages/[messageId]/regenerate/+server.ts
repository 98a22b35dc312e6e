import { error, json } from '@sveltejs/kit';
import { regenerateSchema } from '$lib/schemas/chat';
import { assistantContextFor } from '$lib/server/assistants/context';
import { attachmentsForTurn, blockedAttachments } from '$lib/server/attachments/turn';
import { requireApiUser } from '$lib/server/authz/guards';
import { checkResentText } from '$lib/server/chat/guard';
import { parseJsonBody } from '$lib/server/chat/request';
import { streamTurn } from '$lib/server/chat/stream-turn';
import { findChatForUser, findMessageInChat } from '$lib/server/db/queries/chats';
import type { RequestHandler } from './$types';

/**
 * Answers an assistant message's question again, as a new answer; earlier answers are kept. The stored
 * question goes to the model again, so it passes the personal-data guard again (see checkResentText).
 */
export const POST: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const errorId = event.locals.requestId;
	const chat = await findChatForUser(event.params.id, user.id);
	if (!chat) error(404, { message: 'Chat not found', errorId });
	const answer = await findMessageInChat(chat.id, event.params.messageId);
	const question =
		answer?.role === 'assistant' && answer.parentId ? await findMessageInChat(chat.id, answer.parentId) : undefined;
	if (!question) error(404, { message: 'Answer not found', errorId });
	if (answer?.status === 'streaming') error(409, { message: 'This answer is still being written', errorId });
	const input = await parseJsonBody(event.request, regenerateSchema, errorId, { optional: true });
	// The question passed the guard when it was first sent; a blocking guard still holds it back now.
	const attachments = await attachmentsForTurn(chat.id, user.id, input.attachmentIds, errorId);
	const guard = await checkResentText(user, question.content);
	if (!guard.ok) return json({ ...guard.body, errorId }, { status: guard.status });
	const blocked = await blockedAttachments(user.id, attachments, errorId);
	if (blocked) return blocked;
	return streamTurn(
		event.request,
		{
			chat,
			assistant: await assistantContextFor(chat, user),
			content: question.content,
			question,
			useGuidance: input.useGuidance,
			model: input.model,
			attachments,
			errorId
		},
		'chat regeneration'
	);
};
