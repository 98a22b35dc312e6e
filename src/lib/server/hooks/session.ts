import type { Handle } from '@sveltejs/kit';
import { SESSION_COOKIE, deleteSessionCookie, setSessionCookie, validateSessionToken } from '../auth/session';

/** Resolves the session cookie into locals.user; a tampered or expired cookie is cleared. */
export const session: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const { session, user } = await validateSessionToken(token);
		if (session) {
			setSessionCookie(event.cookies, token, session.expiresAt);
			event.locals.session = { id: session.id, expiresAt: session.expiresAt };
			event.locals.user = user;
		} else {
			deleteSessionCookie(event.cookies);
		}
	}
	return resolve(event);
};
