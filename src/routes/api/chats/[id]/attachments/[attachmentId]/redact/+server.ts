import { error, json } from '@sveltejs/kit';
import { requireOwnChat } from '$lib/server/attachments/http';
import { redactAttachment } from '$lib/server/attachments/service';
import { findAttachment } from '$lib/server/db/queries/attachments';
import { audit } from '$lib/server/governance/audit';
import type { RequestHandler } from './$types';

/** "Replace with placeholders": rewrites the stored text (and its passages) without the personal data. */
export const POST: RequestHandler = async (event) => {
	const { user, chat } = await requireOwnChat(event);
	const notFound = (): never => error(404, { message: 'Attachment not found', errorId: event.locals.requestId });
	const attachment = (await findAttachment(chat.id, event.params.attachmentId, user.id)) ?? notFound();
	const view = (await redactAttachment(attachment)) ?? notFound();
	await audit(event, 'attachment.redacted', {
		targetType: 'attachment',
		targetId: view.id,
		details: { chatId: chat.id, replaced: attachment.personalData }
	});
	return json(view);
};
