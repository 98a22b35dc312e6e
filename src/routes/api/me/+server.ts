import { error, json } from '@sveltejs/kit';
import type { Me } from '$lib/schemas/mfa';
import { requireApiUser } from '$lib/server/authz/guards';
import { findAuthState } from '$lib/server/db/queries/auth';
import { listTeamsForUser } from '$lib/server/db/queries/records';
import type { RequestHandler } from './$types';

/** Who is signed in, for scripts and tests. */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const [state, teams] = await Promise.all([findAuthState(user.id), listTeamsForUser(user.id)]);
	if (!state) error(401, { message: 'Sign in to use this endpoint', errorId: event.locals.requestId });
	const me: Me = { ...user, teams, mfa: state.mfa, sso: state.sso };
	return json(me, { headers: { 'cache-control': 'no-store' } });
};
