import { requireApiUser } from '$lib/server/authz/guards';
import { readJson, respond } from '$lib/server/assistants/http';
import { createCaseFor, listCasesFor } from '$lib/server/assistants/evaluation/service';
import type { RequestHandler } from './$types';

/** `{"testCases": [...]}`: the assistant's test cases, in order (built-ins' shipped cases marked `builtin`). */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	return respond(await listCasesFor(user, event.params.id), event.locals.requestId);
};

/** `{"name","request","answers"?,"expect":{...}}` → 201 with the case. */
export const POST: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const body = await readJson(event.request, event.locals.requestId);
	return respond(await createCaseFor(user, event.params.id, body), event.locals.requestId, 201);
};
