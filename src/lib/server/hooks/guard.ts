import { redirect, type Handle, type RequestEvent } from '@sveltejs/kit';
import { ACCEPTABLE_USE_PATH } from '$lib/schemas/acceptable-use';
import { requireAdmin, requireUser } from '../authz/guards';
import { pendingAcceptableUseVersion } from '../governance/acceptable-use';

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
	const gated = await acceptableUseGate(event, id);
	if (gated) return gated;
	return resolve(event);
};

/**
 * API paths a person may use before accepting the acceptable-use statement: reading and accepting it,
 * signing out, and downloading their own data (they have a right to it whether or not they accept).
 */
const ACCEPTANCE_EXEMPT_API = new Set(['/api/acceptable-use', '/api/sign-out', '/api/me', '/api/me/export']);

/**
 * Signed-in people must accept the current acceptable-use statement before using the workspace:
 * workspace and admin pages redirect to it, API requests get 403. Null when the request may go on.
 */
async function acceptableUseGate(event: RequestEvent, id: string): Promise<Response | null> {
	const user = event.locals.user;
	if (!user) return null;
	const path = event.url.pathname;
	const page = id.startsWith('/(admin)') || id.startsWith('/(app)');
	// The route id as well as the path: SvelteKit routes `/%61pi/chats` to /api/chats, but its pathname
	// does not start with /api. Exemptions go by route id only, so no spelling of a path can earn one.
	const api =
		(id === '/api' || id.startsWith('/api/') || path === '/api' || path.startsWith('/api/')) &&
		!ACCEPTANCE_EXEMPT_API.has(id);
	if (!page && !api) return null;
	if ((await pendingAcceptableUseVersion(user.id)) === null) return null;
	if (api) {
		return Response.json(
			{ message: 'Accept the acceptable-use statement first', errorId: event.locals.requestId },
			{ status: 403, headers: { 'cache-control': 'no-store' } }
		);
	}
	const back = path + event.url.search;
	redirect(303, back === '/' ? ACCEPTABLE_USE_PATH : `${ACCEPTABLE_USE_PATH}?redirectTo=${encodeURIComponent(back)}`);
}

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
