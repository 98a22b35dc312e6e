import { json } from '@sveltejs/kit';
import { requireApiUser } from '$lib/server/authz/guards';
import { respond } from '$lib/server/assistants/http';
import { listEvaluationsFor, startEvaluationFor } from '$lib/server/assistants/evaluation/service';
import type { RequestHandler } from './$types';

/** The assistant's evaluation runs, newest first (`?suite=inclusive-audit` for the audit's). */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const suite = event.url.searchParams.get('suite') ?? undefined;
	return respond(await listEvaluationsFor(user, event.params.id, { suite }), event.locals.requestId);
};

/** `{"model"?}` → 202 `{"id"}`: runs every test case of the current version in the background. */
export const POST: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const errorId = event.locals.requestId;
	// An empty body means "the default model".
	const text = await event.request.text();
	let body: unknown = {};
	try {
		if (text.trim()) body = JSON.parse(text);
	} catch {
		return json({ message: 'The request body must be JSON', errorId }, { status: 400 });
	}
	return respond(await startEvaluationFor(user, event.params.id, body), errorId, 202);
};
