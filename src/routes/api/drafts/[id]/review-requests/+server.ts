import { error, json } from '@sveltejs/kit';
import { readJson } from '$lib/server/assistants/http';
import { requireDraft } from '$lib/server/drafts/http';
import { requestReview } from '$lib/server/drafts/signoff';
import type { RequestHandler } from './$types';

/**
 * The author asks colleagues to review the current version: `{"reviewerEmails":[...],"message"?}` →
 * 201 `{"reviewers","status":"in_review"}`. Reviewers 403, anyone else 404; bad addresses 400.
 */
export const POST: RequestHandler = async (event) => {
	const { user, draft } = await requireDraft(event, 'author');
	const errorId = event.locals.requestId;
	const r = await requestReview(event, user, draft, await readJson(event.request, errorId));
	if (!r.ok) error(r.status, { message: r.message, errorId });
	return json(r.value, { status: 201 });
};
