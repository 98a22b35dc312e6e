import { error } from '@sveltejs/kit';
import { requireOwnChat } from '$lib/server/attachments/http';
import { deleteAttachment } from '$lib/server/db/queries/attachments';
import { audit } from '$lib/server/governance/audit';
import type { RequestHandler } from './$types';

/** Removes an attachment and its passages. */
export const DELETE: RequestHandler = async (event) => {
	const { user, chat } = await requireOwnChat(event);
	if (!(await deleteAttachment(chat.id, event.params.attachmentId, user.id))) {
		error(404, { message: 'Attachment not found', errorId: event.locals.requestId });
	}
	await audit(event, 'attachment.deleted', {
		targetType: 'attachment',
		targetId: event.params.attachmentId,
		details: { chatId: chat.id }
	});
	return new Response(null, { status: 204 });
};
