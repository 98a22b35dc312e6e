import { json } from '@sveltejs/kit';
import { saveDraftSchema } from '$lib/schemas/drafts';
import { parseJsonBody } from '$lib/server/chat/request';
import { requireDraft } from '$lib/server/drafts/http';
import { saveAndRespond } from '$lib/server/drafts/save';
import { draftView } from '$lib/server/drafts/view';
import type { RequestHandler } from './$types';

/** The draft, for its author or a reviewer. */
export const GET: RequestHandler = async (event) => {
	const { draft, role } = await requireDraft(event, 'any');
	return json(await draftView(draft, role));
};

/** Saves a new version if `baseVersion` is still the latest; otherwise 409 with the current text. */
export const PUT: RequestHandler = async (event) => {
	const { draft, user } = await requireDraft(event, 'author');
	const input = await parseJsonBody(event.request, saveDraftSchema, event.locals.requestId);
	const { response } = await saveAndRespond(
		{ draftId: draft.id, ...input, authorId: user.id, source: 'edited' },
		event.locals.requestId
	);
	return response;
};
