import { requireApiUser } from '$lib/server/authz/guards';
import { respond } from '$lib/server/assistants/http';
import { duplicateAssistant } from '$lib/server/assistants/service';
import type { RequestHandler } from './$types';

/** Copies an assistant I can see into my own space (private, draft). */
export const POST: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	return respond(await duplicateAssistant(user, event.params.id), event.locals.requestId, 201);
};
