import { error, json } from '@sveltejs/kit';
import { readJson } from '$lib/server/assistants/http';
import { commentView, listComments } from '$lib/server/db/queries/draft-reviews';
import { requireDraft } from '$lib/server/drafts/http';
import { addComment } from '$lib/server/drafts/review-comments';
import type { RequestHandler } from './$types';

/** The comments on the draft's passages, oldest first: `{"comments":[...]}`. */
export const GET: RequestHandler = async (event) => {
	const { draft } = await requireDraft(event, 'any');
	return json({ comments: (await listComments(draft.id)).map(commentView) });
};

/** The author or a reviewer comments on a passage: `{"version","start","end","body"}` → 201 the comment. */
export const POST: RequestHandler = async (event) => {
	const { user, draft } = await requireDraft(event, 'any');
	const errorId = event.locals.requestId;
	const r = await addComment(event, user, draft, await readJson(event.request, errorId));
	if (!r.ok) error(r.status, { message: r.message, errorId });
	return json(r.value, { status: 201 });
};
