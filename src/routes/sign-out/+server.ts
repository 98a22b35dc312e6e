import { redirect } from '@sveltejs/kit';
import { deleteSessionCookie, invalidateSession } from '$lib/server/auth/session';
import { audit } from '$lib/server/governance/audit';
import type { RequestHandler } from './$types';

/** Sign out is a POST (a link could be triggered by a prefetch or a third-party page). */
export const POST: RequestHandler = async (event) => {
	const { locals, cookies } = event;
	if (locals.session && locals.user) {
		await invalidateSession(locals.session.id);
		await audit(event, 'auth.sign_out', { targetType: 'user', targetId: locals.user.id });
	}
	deleteSessionCookie(cookies);
	redirect(303, '/sign-in');
};
