import { json } from '@sveltejs/kit';
import { getConfig } from '$lib/server/config';
import { AttachmentError, problem, readUpload, requireOwnChat } from '$lib/server/attachments/http';
import { attachFile, attachmentListItem } from '$lib/server/attachments/service';
import { listAttachments } from '$lib/server/db/queries/attachments';
import { audit } from '$lib/server/governance/audit';
import type { RequestHandler } from './$types';

/** The chat's attachments (metadata only). */
export const GET: RequestHandler = async (event) => {
	const { chat } = await requireOwnChat(event);
	const rows = await listAttachments(chat.id);
	return json({ attachments: rows.map(attachmentListItem) }, { headers: { 'cache-control': 'no-store' } });
};

/** Attaches one file (multipart field `file`): 201 with what was read and the personal data found. */
export const POST: RequestHandler = async (event) => {
	const { user, chat } = await requireOwnChat(event);
	const errorId = event.locals.requestId;
	const upload = await readUpload(event.request, errorId);
	if (!upload.ok) return upload.response;
	try {
		const view = await attachFile({
			chatId: chat.id,
			userId: user.id,
			fileName: upload.file.name,
			bytes: upload.bytes,
			maxBytes: getConfig().attachments.maxBytes
		});
		await audit(event, 'attachment.uploaded', {
			targetType: 'attachment',
			targetId: view.id,
			details: { chatId: chat.id, kind: view.kind, chars: view.chars, personalData: view.personalData.kinds }
		});
		return json(view, { status: 201 });
	} catch (e) {
		if (e instanceof AttachmentError) return problem(e, errorId);
		throw e;
	}
};
