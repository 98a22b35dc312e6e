import { editRequestSchema } from '$lib/schemas/drafts';
import { parseJsonBody } from '$lib/server/chat/request';
import { startEdit } from '$lib/server/drafts/edits';
import { requireDraft } from '$lib/server/drafts/http';
import type { RequestHandler } from './$types';

/** Asks the model to change one passage; streams `token` events, then `done` {replacement, editId}. */
export const POST: RequestHandler = async (event) => {
	const { draft, user } = await requireDraft(event, 'author');
	const input = await parseJsonBody(event.request, editRequestSchema, event.locals.requestId);
	return startEdit(event, draft, user, input);
};
