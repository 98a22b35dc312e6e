import { json } from '@sveltejs/kit';
import { confirmTotpEnrolment } from '$lib/server/auth/mfa';
import { readCode, refusal } from '$lib/server/auth/mfa-http';
import { requireApiUser } from '$lib/server/authz/guards';
import type { RequestHandler } from './$types';

/** `{"code"}` from the app turns it on: `200 {"recoveryCodes":[...10]}`, shown this once. */
export const POST: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const body = await readCode(event);
	if (!body.ok) return refusal(400, body.message, event.locals.requestId);
	const result = await confirmTotpEnrolment(event, user.id, body.code);
	if (!result.ok) return refusal(result.status, result.message, event.locals.requestId);
	return json({ recoveryCodes: result.recoveryCodes }, { headers: { 'cache-control': 'no-store' } });
};
