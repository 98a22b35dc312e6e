import { json } from '@sveltejs/kit';
import { requireApiUser } from '$lib/server/authz/guards';
import { readJson, respond } from '$lib/server/assistants/http';
import { decideApproval } from '$lib/server/assistants/lifecycle';
import type { RequestHandler } from './$types';

/**
 * Admins: `{"decision": "approve"}` or `{"decision": "decline", "reason": "..."}`, with an optional
 * `"version"` (the one reviewed: a different current version is 409).
 */
export const POST: RequestHandler = async (event) => {
	// Anyone signed in may ask: an assistant they cannot see is 404, one they can see is 403 unless they are an admin.
	const admin = requireApiUser(event);
	const errorId = event.locals.requestId;
	const body = (await readJson(event.request, errorId)) as {
		decision?: unknown;
		reason?: unknown;
		version?: unknown;
	} | null;
	if (body?.decision !== 'approve' && body?.decision !== 'decline') {
		return json(
			{ message: 'decision must be approve or decline', errorId, errors: { decision: 'Choose approve or decline' } },
			{ status: 400 }
		);
	}
	if (body.reason !== undefined && typeof body.reason !== 'string') {
		return json(
			{ message: 'reason must be text', errorId, errors: { reason: 'reason must be text' } },
			{ status: 400 }
		);
	}
	if (body.version !== undefined && (typeof body.version !== 'number' || !Number.isInteger(body.version))) {
		return json(
			{
				message: 'version must be the whole number of the version you reviewed',
				errorId,
				errors: { version: 'version must be a whole number' }
			},
			{ status: 400 }
		);
	}
	return respond(
		await decideApproval(admin, event.params.id, {
			decision: body.decision,
			reason: body.reason,
			version: body.version
		}),
		errorId
	);
};
