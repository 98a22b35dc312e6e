/** Uploads through the attachments route handler, as the browser does (multipart/form-data). */
import { randomUUID } from 'node:crypto';
import { isHttpError } from '@sveltejs/kit';
import type { SessionUser } from '$lib/schemas/user';
import * as attachmentsRoute from '../../src/routes/api/chats/[id]/attachments/+server';

export { makeDocx, makePdf, makeXlsx, text } from './attachment-files';

/** POSTs one file as multipart/form-data to the attachments route, as the browser does. */
export async function upload(user: SessionUser | null, chatId: string, fileName: string, bytes: Uint8Array) {
	const form = new FormData();
	form.append('file', new File([new Uint8Array(bytes)], fileName));
	const url = new URL(`/api/chats/${chatId}/attachments`, 'http://localhost');
	const request = new Request(url, { method: 'POST', body: form });
	const event = {
		request,
		url,
		params: { id: chatId },
		locals: { user, session: null, requestId: randomUUID() },
		route: { id: null }
	};
	try {
		return await attachmentsRoute.POST(event as never);
	} catch (e) {
		if (isHttpError(e)) return Response.json(e.body, { status: e.status });
		throw e;
	}
}
