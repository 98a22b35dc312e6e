import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { EXPORT_FORMATS } from '$lib/schemas/chat';
import { requireApiUser } from '$lib/server/authz/guards';
import { chatToDocx, chatToMarkdown, EXPORT_CONTENT_TYPES, exportFilename } from '$lib/server/chat/export';
import {
	buildChatRecord,
	chatRecordToDocx,
	RECORD_CONTENT_TYPES,
	RECORD_FORMATS,
	recordFilename,
	type RecordFormat
} from '$lib/server/chat/record';
import { findChatForUser, listMessages } from '$lib/server/db/queries/chats';
import { disclosureFromQuery } from '$lib/server/governance/transparency';
import { findChatForRecord, listFeedbackForRecord, listMessagesForRecord } from '$lib/server/db/queries/records';
import type { RequestHandler } from './$types';

const FORMATS = [...EXPORT_FORMATS, ...RECORD_FORMATS] as const;
const formatSchema = z.enum(FORMATS, { error: `format must be one of: ${FORMATS.join(', ')}` });

function download(body: BodyInit, contentType: string, filename: string): Response {
	return new Response(body, {
		headers: {
			'content-type': contentType,
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'no-store'
		}
	});
}

/**
 * Downloads the conversation as it now stands (latest answers) as Markdown or Word, or the whole chat
 * as a record (`record-json`, `record-docx`) for records management and FOI.
 */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const errorId = event.locals.requestId;
	const chat = await findChatForUser(event.params.id, user.id);
	if (!chat) error(404, { message: 'Chat not found', errorId });
	const format = formatSchema.safeParse(event.url.searchParams.get('format') ?? 'md');
	if (!format.success) error(400, { message: format.error.issues[0].message, errorId });
	if (format.data === 'record-json' || format.data === 'record-docx') {
		return recordResponse(chat.id, chat.title, user, format.data, errorId);
	}
	const disclosure = await disclosureFromQuery(event.url.searchParams);
	if (!disclosure.ok) error(400, { message: disclosure.message, errorId });
	const input = {
		title: chat.title,
		messages: await listMessages(chat.id),
		exportedAt: new Date(),
		disclosure: disclosure.disclosure
	};
	const body = format.data === 'docx' ? await chatToDocx(input) : chatToMarkdown(input);
	return download(body as BodyInit, EXPORT_CONTENT_TYPES[format.data], exportFilename(chat.title, format.data));
};

async function recordResponse(
	chatId: string,
	title: string,
	user: { id: string; name: string; email: string },
	format: RecordFormat,
	errorId: string
): Promise<Response> {
	const row = await findChatForRecord(chatId, user.id);
	if (!row) error(404, { message: 'Chat not found', errorId });
	const [messages, feedback] = await Promise.all([listMessagesForRecord([chatId]), listFeedbackForRecord([chatId])]);
	const record = buildChatRecord({
		chat: row,
		messages,
		feedback,
		exportedBy: { name: user.name, email: user.email },
		exportedAt: new Date()
	});
	const filename = recordFilename(exportFilename(title, 'md'), format);
	const body = format === 'record-docx' ? await chatRecordToDocx(record) : JSON.stringify(record, null, 2);
	return download(body as BodyInit, RECORD_CONTENT_TYPES[format], filename);
}
