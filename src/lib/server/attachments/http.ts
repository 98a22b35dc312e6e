/** The attachment endpoints' shared steps: the chat guard, reading the upload and error answers. */
import { error, json, type RequestEvent } from '@sveltejs/kit';
import { requireApiUser } from '../authz/guards';
import { findChatForUser, type ChatRow } from '../db/queries/chats';
import { getConfig } from '../config';
import { ACCEPTED_ATTACHMENTS, AttachmentError } from './errors';
import { tooLarge } from './extract';

/** The signed-in person's chat named in the URL, or 404 (someone else's chat is 404 too). */
export async function requireOwnChat(event: RequestEvent) {
	const user = requireApiUser(event);
	const chat: ChatRow | undefined = await findChatForUser(event.params.id ?? '', user.id);
	if (!chat) error(404, { message: 'Chat not found', errorId: event.locals.requestId });
	return { user, chat };
}

/** Multipart framing around one file is small; anything this far over the limit is refused unread. */
const MULTIPART_ALLOWANCE = 64 * 1024;

/** The one file in the multipart field `file`; a problem is answered as JSON `{message, errorId}`. */
export async function readUpload(
	request: Request,
	errorId: string
): Promise<{ ok: true; file: File; bytes: Uint8Array } | { ok: false; response: Response }> {
	const { maxBytes } = getConfig().attachments;
	const declared = Number(request.headers.get('content-length') ?? 0);
	if (declared > maxBytes + MULTIPART_ALLOWANCE) {
		// Read and drop the body without keeping it: answering before the upload ends makes many clients
		// report a reset connection instead of the message.
		await drain(request);
		return { ok: false, response: problem(tooLarge('The file', declared, maxBytes), errorId) };
	}
	if (!/^multipart\/form-data/i.test(request.headers.get('content-type') ?? '')) {
		return fail(415, 'Send the file as multipart/form-data in a field called "file".', errorId);
	}
	let form: FormData;
	try {
		form = await request.formData();
	} catch {
		return fail(400, 'The upload could not be read. Try attaching the file again.', errorId);
	}
	const files = form.getAll('file').filter((f): f is File => typeof f !== 'string');
	if (files.length !== 1) return fail(400, 'Attach one file, in a field called "file".', errorId);
	const file = files[0];
	if (file.size > maxBytes) return { ok: false, response: problem(tooLarge(file.name, file.size, maxBytes), errorId) };
	return { ok: true, file, bytes: new Uint8Array(await file.arrayBuffer()) };
}

async function drain(request: Request): Promise<void> {
	try {
		const reader = request.body?.getReader();
		while (reader && !(await reader.read()).done);
	} catch {
		// The client went away; nothing to answer.
	}
}

function fail(status: number, message: string, errorId: string) {
	return { ok: false as const, response: json({ message, errorId }, { status }) };
}

export function problem(e: AttachmentError, errorId: string): Response {
	return json({ message: e.message, errorId }, { status: e.status });
}

export { ACCEPTED_ATTACHMENTS, AttachmentError };
