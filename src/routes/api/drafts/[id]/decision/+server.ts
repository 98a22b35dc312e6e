import { error, json } from '@sveltejs/kit';
import { readJson } from '$lib/server/assistants/http';
import { requireDraft } from '$lib/server/drafts/http';
import { decide } from '$lib/server/drafts/signoff';
import type { RequestHandler } from './$types';

/**
 * A requested reviewer decides on one version: `{"decision":"approve"|"changes_requested","version",
 * "comment"?}` → 200 `{"status","approvedVersion"}`. The author is 400 (no approving your own draft);
 * a stale version is 409 with the current version and content, and nothing is recorded.
 */
export const POST: RequestHandler = async (event) => {
	const { user, ...access } = await requireDraft(event, 'any');
	const errorId = event.locals.requestId;
	const r = await decide(event, user, access, await readJson(event.request, errorId));
	if (r.ok) return json(r.value);
	if (r.status === 409) return json({ message: r.message, errorId, current: r.current }, { status: 409 });
	error(r.status, { message: r.message, errorId });
};
