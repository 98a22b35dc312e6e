/**
 * Guards for loads, form actions and endpoints. Each one is called by the handler itself:
 * a layout load does not protect actions or endpoints.
 */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { SessionUser } from '$lib/schemas/user';
import { isAdmin } from './policy';

/** Where to send someone back to after signing in: same-origin paths only. */
export function safeRedirectTarget(value: string | null | undefined): string {
	if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
	// Browsers drop tabs and newlines from URLs and read `\` as `/`, so `/\t/evil.com` would leave the site.
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
	return value;
}

/** For pages and form actions: signed-out people are sent to sign in and brought back afterwards. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): SessionUser {
	const user = event.locals.user;
	if (!user) {
		const back = event.url.pathname + event.url.search;
		const query = back === '/' ? '' : `?redirectTo=${encodeURIComponent(back)}`;
		redirect(303, `/sign-in${query}`);
	}
	return user;
}

/** For JSON and SSE endpoints: 401 instead of a redirect. */
export function requireApiUser(event: Pick<RequestEvent, 'locals'>): SessionUser {
	const user = event.locals.user;
	if (!user) error(401, { message: 'Sign in to use this endpoint', errorId: event.locals.requestId });
	return user;
}

/** Admin pages and actions: signed-out people sign in; members get 403. */
export function requireAdmin(event: Pick<RequestEvent, 'locals' | 'url'>): SessionUser {
	const user = requireUser(event);
	if (!isAdmin(user)) {
		error(403, { message: 'You need to be an administrator to do this', errorId: event.locals.requestId });
	}
	return user;
}

/** Admin JSON endpoints. */
export function requireApiAdmin(event: Pick<RequestEvent, 'locals'>): SessionUser {
	const user = requireApiUser(event);
	if (!isAdmin(user)) {
		error(403, { message: 'You need to be an administrator to do this', errorId: event.locals.requestId });
	}
	return user;
}
