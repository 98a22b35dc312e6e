import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { EXPORT_FORMATS } from '$lib/schemas/chat';
import { requireApiUser } from '$lib/server/authz/guards';
import { chatToDocx, chatToMarkdown, EXPORT_CONTENT_TYPES, exportFilename } from '$lib/server/chat/export';
import { findChatForUser, listMessages } from '$lib/server/db/queries/chats';
import type { RequestHandler } from './$types';

const formatSchema = z.enum(EXPORT_FORMATS, { error: 'format must be md or docx' });

/** Downloads the conversation as it now stands (latest answers), as Markdown or Word. */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const errorId = event.locals.requestId;
	const chat = await findChatForUser(event.params.id, user.id);
	if (!chat) error(404, { message: 'Chat not found', errorId });
	const format = formatSchema.safeParse(event.url.searchParams.get('format') ?? 'md');
	if (!format.success) error(400, { message: format.error.issues[0].message, errorId });
	const input = { title: chat.title, messages: await listMessages(chat.id), exportedAt: new Date() };
	const body = format.data === 'docx' ? await chatToDocx(input) : chatToMarkdown(input);
	return new Response(body as BodyInit, {
		headers: {
			'content-type': EXPORT_CONTENT_TYPES[format.data],
			'content-disposition': `attachment; filename="${exportFilename(chat.title, format.data)}"`,
			'cache-control': 'no-store'
		}
	});
};
