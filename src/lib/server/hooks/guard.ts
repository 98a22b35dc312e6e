import type { Handle } from '@sveltejs/kit';
import { requireAdmin, requireUser } from '../authz/guards';

/**
 * Defence in depth for whole route groups. Every load, action and endpoint still calls its own
 * guard; this catches a page someone forgets to protect.
 */
export const guard: Handle = async ({ event, resolve }) => {
	const id = event.route.id ?? '';
	const reading = event.request.method === 'GET' || event.request.method === 'HEAD';
	// A 403 thrown here renders SvelteKit's bare fallback page (no NHS layout, no error reference), so a
	// member reading an admin page gets their 403 from the admin layout load instead. Anything that is
	// not a read (form actions) is still refused here.
	if (id.startsWith('/(admin)') && !reading) requireAdmin(event);
	else if (id.startsWith('/(admin)') || id.startsWith('/(app)')) requireUser(event);
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
