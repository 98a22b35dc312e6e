import { fail } from '@sveltejs/kit';
import { formFields } from '$lib/schemas/auth';
import { deleteSessionCookie } from '$lib/server/auth/session';
import { checkResetLink, resetPasswordWithLink } from '$lib/server/people/account';
import type { Actions, PageServerLoad } from './$types';

// The token is in the path: keep it out of caches (the app's same-origin Referrer-Policy and the page's
// no-referrer meta tag keep it out of other sites' Referer headers).
function noLeaks(setHeaders: (h: Record<string, string>) => void) {
	setHeaders({ 'cache-control': 'no-store' });
}

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	noLeaks(setHeaders);
	const link = await checkResetLink(params.token);
	return { valid: link !== null, firstName: link?.firstName ?? null };
};

export const actions: Actions = {
	default: async (event) => {
		const raw = formFields(await event.request.formData(), ['newPassword', 'confirmPassword']);
		const r = await resetPasswordWithLink(event.params.token, raw, { requestId: event.locals.requestId });
		if (r === null) return fail(410, { expired: true, errors: {} as Record<string, string> });
		if (!r.ok) return fail(400, { expired: false, errors: r.errors });
		// Whoever is signed in on this browser is signed out: the account's sessions have all ended.
		deleteSessionCookie(event.cookies);
		return { done: true };
	}
};
