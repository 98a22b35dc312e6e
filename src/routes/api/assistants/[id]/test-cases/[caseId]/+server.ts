import { requireApiUser } from '$lib/server/authz/guards';
import { readJson, respond } from '$lib/server/assistants/http';
import { deleteCaseFor, getCaseFor, updateCaseFor } from '$lib/server/assistants/evaluation/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	return respond(await getCaseFor(user, event.params.id, event.params.caseId), event.locals.requestId);
};

/** Replaces the fields given (`expect` as a whole); the case must still be valid afterwards. */
export const PATCH: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const body = await readJson(event.request, event.locals.requestId);
	return respond(await updateCaseFor(user, event.params.id, event.params.caseId, body), event.locals.requestId);
};

/** Replaces the whole case: the body is validated as a new case, and answers it leaves out are cleared. */
export const PUT: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const body = await readJson(event.request, event.locals.requestId);
	return respond(
		await updateCaseFor(user, event.params.id, event.params.caseId, body, { replace: true }),
		event.locals.requestId
	);
};

export const DELETE: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	return respond(await deleteCaseFor(user, event.params.id, event.params.caseId), event.locals.requestId);
};
