import { error } from '@sveltejs/kit';
import { editMessageSchema } from '$lib/schemas/chat';
import { requireApiUser } from '$lib/server/authz/guards';
import { parseJsonBody } from '$lib/server/chat/request';
import { eventStreamResponse } from '$lib/server/chat/sse';
import { pickModel, runTurn } from '$lib/server/chat/turn';
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
	const picked = pickModel(input.model);
	if ('error' in picked) error(400, { message: picked.error, errorId });
	return eventStreamResponse(
		(signal) =>
			runTurn({
				chat,
				content: input.content,
				editOf: original,
				useGuidance: input.useGuidance,
				model: input.model,
				signal,
				errorId
			}),
		event.request,
		(e) => {
			console.error(`[error ${errorId}] chat edit failed`, e);
			return {
				event: 'error',
				data: { message: 'Sorry, there is a problem with the service. Try again.', errorId, retryable: true }
			};
		}
	);
};
