import { requireApiUser } from '$lib/server/authz/guards';
import { respond } from '$lib/server/assistants/http';
import { unpublishAssistant } from '$lib/server/assistants/lifecycle';
import type { RequestHandler } from './$types';

/** Admins: takes a shared assistant back to draft. */
export const POST: RequestHandler = async (event) => {
	// Anyone signed in may ask: an assistant they cannot see is 404, one they can see is 403 unless they are an admin.
	const admin = requireApiUser(event);
	return respond(await unpublishAssistant(admin, event.params.id), event.locals.requestId);
};
