import { error, json } from '@sveltejs/kit';
import { requireApiUser } from '$lib/server/authz/guards';
import { requestStop } from '$lib/server/cluster/answers';
import { findChatForUser, findMessageInChat } from '$lib/server/db/queries/chats';
import type { RequestHandler } from './$types';

/**
 * Stops an answer being written, whichever instance is writing it: that instance stops within a
 * second and saves the text so far as `stopped`. 202 whether or not it was still streaming (a finished
 * answer keeps its status); someone else's chat or answer is 404.
 */
export const POST: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const errorId = event.locals.requestId;
	const chat = await findChatForUser(event.params.id, user.id);
	if (!chat) error(404, { message: 'Chat not found', errorId });
	const answer = await findMessageInChat(chat.id, event.params.messageId);
	if (answer?.role !== 'assistant') error(404, { message: 'Answer not found', errorId });
	if (answer.status === 'streaming') await requestStop(answer.id);
	return json({ status: answer.status === 'streaming' ? 'stopping' : answer.status }, { status: 202 });
};
