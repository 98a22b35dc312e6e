import { requireApiUser } from '$lib/server/authz/guards';
import { readJson, respond } from '$lib/server/assistants/http';
import { rollbackAssistant } from '$lib/server/assistants/lifecycle';
import type { RequestHandler } from './$types';

/** `{"version": n}`: saves version n again as the newest version. */
export const POST: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const body = (await readJson(event.request, event.locals.requestId)) as { version?: unknown } | null;
	return respond(await rollbackAssistant(user, event.params.id, body?.version), event.locals.requestId);
};
