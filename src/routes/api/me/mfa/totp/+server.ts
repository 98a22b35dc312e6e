import { json } from '@sveltejs/kit';
import { disableTotpWithCode, startTotpEnrolment } from '$lib/server/auth/mfa';
import { readCode, refusal } from '$lib/server/auth/mfa-http';
import { requireApiUser } from '$lib/server/authz/guards';
import type { RequestHandler } from './$types';

/** Starts setting up an authenticator app: `201 {"secret","otpauthUri"}`; confirm with a code next. */
export const POST: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const result = await startTotpEnrolment(user);
	if (!result.ok) return refusal(result.status, result.message, event.locals.requestId, 'form');
	return json(
		{ secret: result.secret, otpauthUri: result.otpauthUri },
		{ status: 201, headers: { 'cache-control': 'no-store' } }
	);
};

/** Turns two-step verification off; `{"code"}` must be a current code from the app. */
export const DELETE: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const body = await readCode(event);
	if (!body.ok) return refusal(400, body.message, event.locals.requestId);
	const result = await disableTotpWithCode(event, user.id, body.code);
	if (!result.ok) return refusal(result.status, result.message, event.locals.requestId);
	return json({ mfa: false });
};
