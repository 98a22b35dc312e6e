import { requireApiAdmin } from '$lib/server/authz/guards';
import { respond } from '$lib/server/assistants/http';
import { unpublishAssistant } from '$lib/server/assistants/service';
import type { RequestHandler } from './$types';

/** Admins: takes a shared assistant back to draft. */
export const POST: RequestHandler = async (event) => {
	const admin = requireApiAdmin(event);
	return respond(await unpublishAssistant(admin, event.params.id), event.locals.requestId);
};
