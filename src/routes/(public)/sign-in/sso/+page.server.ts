import { error, redirect } from '@sveltejs/kit';
import { requireOidc, startSso } from '$lib/server/auth/sso';
import { safeRedirectTarget } from '$lib/server/authz/guards';
import type { PageServerLoad } from './$types';

/**
 * Starts single sign-on. `?link=1` (signed in) links an NHS account to the current account instead.
 * A plain link rather than a form, because the provider is another origin and the page's
 * Content Security Policy allows forms to post only to this site.
 */
export const load: PageServerLoad = async (event) => {
	const oidc = requireOidc(event);
	const link = event.url.searchParams.get('link') === '1';
	if (link && !event.locals.user) redirect(303, '/sign-in?redirectTo=%2Faccount');
	let target: string;
	try {
		target = await startSso(
			event.cookies,
			oidc,
			link && event.locals.user
				? { mode: 'link', userId: event.locals.user.id }
				: { mode: 'sign-in', redirectTo: safeRedirectTarget(event.url.searchParams.get('redirectTo')) }
		);
	} catch (e) {
		console.error('Single sign-on could not start: the provider did not answer discovery', (e as Error).message);
		error(503, { message: 'Your organisation’s sign-in is not available right now', errorId: event.locals.requestId });
	}
	redirect(303, target);
};
