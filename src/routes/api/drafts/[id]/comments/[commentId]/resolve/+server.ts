import { error, json } from '@sveltejs/kit';
import { requireDraft } from '$lib/server/drafts/http';
import { resolve } from '$lib/server/drafts/review-comments';
import type { RequestHandler } from './$types';

/** The author marks a comment resolved → 200 the comment. Reviewers 403. */
export const POST: RequestHandler = async (event) => {
	const { draft } = await requireDraft(event, 'author');
	const r = await resolve(event, draft, event.params.commentId);
	if (!r.ok) error(r.status, { message: r.message, errorId: event.locals.requestId });
	return json(r.value);
};
