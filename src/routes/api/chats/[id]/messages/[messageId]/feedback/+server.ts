import { error, json } from '@sveltejs/kit';
import { feedbackSchema } from '$lib/schemas/chat';
import { requireApiUser } from '$lib/server/authz/guards';
import { parseJsonFields } from '$lib/server/chat/request';
import { findChatForUser, findMessageInChat } from '$lib/server/db/queries/chats';
import { upsertMessageFeedback } from '$lib/server/db/queries/feedback';
import { audit } from '$lib/server/governance/audit';
import type { RequestHandler } from './$types';

/** Rates an answer (up or down, why, a comment); rating again replaces the earlier rating. */
export const POST: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const errorId = event.locals.requestId;
	const chat = await findChatForUser(event.params.id, user.id);
	if (!chat) error(404, { message: 'Chat not found', errorId });
	const answer = await findMessageInChat(chat.id, event.params.messageId);
	if (answer?.role !== 'assistant') error(404, { message: 'Answer not found', errorId });
	const parsed = await parseJsonFields(event.request, feedbackSchema, errorId);
	if (!parsed.ok) return parsed.response;
	const { rating, reason, comment } = parsed.data;
	await upsertMessageFeedback({
		messageId: answer.id,
		userId: user.id,
		rating,
		reason: reason ?? null,
		comment: comment?.trim() ? comment : null
	});
	// Kinds only: the comment is the person's own words and stays out of the audit log.
	await audit(event, 'chat.feedback', {
		actorId: user.id,
		targetType: 'message',
		targetId: answer.id,
		details: { rating, reason: reason ?? null }
	});
	return json({ ok: true });
};
