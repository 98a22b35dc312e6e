import { guardEventSchema } from '$lib/schemas/personal-data';
import { requireApiUser } from '$lib/server/authz/guards';
import { parseJsonFields } from '$lib/server/chat/request';
import { insertGuardEvent } from '$lib/server/db/queries/guard';
import type { RequestHandler } from './$types';

/**
 * Records what a person did about a warning in the browser (replaced the findings with placeholders,
 * was warned, or was blocked). Kinds and counts only: the body has no room for the text itself.
 */
export const POST: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const parsed = await parseJsonFields(event.request, guardEventSchema.strict(), event.locals.requestId);
	if (!parsed.ok) return parsed.response;
	await insertGuardEvent({ userId: user.id, counts: parsed.data.counts, action: parsed.data.action });
	return new Response(null, { status: 204 });
};
