import { acceptEditSchema } from '$lib/schemas/drafts';
import { parseJsonBody } from '$lib/server/chat/request';
import { acceptEdit } from '$lib/server/drafts/accept';
import { requireDraft } from '$lib/server/drafts/http';
import type { RequestHandler } from './$types';

/** Applies a suggested edit to its passage as a new version. */
export const POST: RequestHandler = async (event) => {
	const { draft, user } = await requireDraft(event, 'author');
	const input = await parseJsonBody(event.request, acceptEditSchema, event.locals.requestId);
	return acceptEdit(event, draft, user, input.baseVersion);
};
