import { json } from '@sveltejs/kit';
import { createDraftSchema } from '$lib/schemas/drafts';
import { requireApiUser } from '$lib/server/authz/guards';
import { parseJsonBody } from '$lib/server/chat/request';
import { createDraft } from '$lib/server/drafts/create';
import { draftLists } from '$lib/server/drafts/view';
import type { RequestHandler } from './$types';

/** The person's drafts, and the drafts waiting for their review. */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	return json(await draftLists(user.id));
};

/** A new draft: from one of the person's answers (`fromMessageId`), or from `content`, or empty. */
export const POST: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const input = await parseJsonBody(event.request, createDraftSchema, event.locals.requestId, { optional: true });
	return json(await createDraft(event, user, input), { status: 201 });
};
