import type { Handle } from '@sveltejs/kit';
import { requireAdmin, requireUser } from '../authz/guards';

/**
 * Defence in depth for whole route groups. Every load, action and endpoint still calls its own
 * guard; this catches a page someone forgets to protect.
 */
export const guard: Handle = async ({ event, resolve }) => {
	const id = event.route.id ?? '';
	if (id.startsWith('/(admin)')) requireAdmin(event);
	else if (id.startsWith('/(app)')) requireUser(event);
	return resolve(event);
};

/** Headers that every response carries. */
export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	response.headers.set('x-frame-options', 'DENY');
	response.headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
	if (event.locals.user && !response.headers.has('cache-control')) {
		response.headers.set('cache-control', 'private, no-store');
	}
	return response;
};
