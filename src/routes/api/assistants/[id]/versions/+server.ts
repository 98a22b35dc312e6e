import { requireApiUser } from '$lib/server/authz/guards';
import { respond } from '$lib/server/assistants/http';
import { listVersions } from '$lib/server/assistants/lifecycle';
import type { RequestHandler } from './$types';

/** Every saved version, newest first: who, when, the change note and the whole definition. */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	return respond(await listVersions(user, event.params.id), event.locals.requestId);
};
