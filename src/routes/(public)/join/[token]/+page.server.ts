import { error, fail, redirect } from '@sveltejs/kit';
import { formFields } from '$lib/schemas/auth';
import { afterPassword } from '$lib/server/auth/sign-in-steps';
import { getConfig } from '$lib/server/config';
import { acceptInviteLink, checkInviteLink } from '$lib/server/people/invitations';
import type { Actions, PageServerLoad } from './$types';

/** With password sign-in switched off, people join through single sign-on, not with a new password. */
function passwordAccountsAllowed(requestId: string): void {
	if (getConfig().auth.passwordSignIn) return;
	error(403, {
		message:
			'This organisation signs in with single sign-on. Go to the sign-in page and sign in with your NHS account.',
		errorId: requestId
	});
}

export const load: PageServerLoad = async ({ params, setHeaders, locals }) => {
	// The token is in the path: keep the page out of caches.
	setHeaders({ 'cache-control': 'no-store' });
	passwordAccountsAllowed(locals.requestId);
	const link = await checkInviteLink(params.token);
	return { email: link?.email ?? null };
};

export const actions: Actions = {
	default: async (event) => {
		passwordAccountsAllowed(event.locals.requestId);
		const raw = formFields(await event.request.formData(), ['name', 'password']);
		const r = await acceptInviteLink(event.params.token, raw, { requestId: event.locals.requestId });
		if (r === null) return fail(410, { expired: true, name: '', errors: {} as Record<string, string> });
		if (!r.ok) return fail(400, { expired: false, name: raw.name ?? '', errors: r.errors });
		// As after any password: two-step verification first when administrators require it, and any
		// session this browser already had is ended.
		redirect(303, await afterPassword(event, r.user.id, '/'));
	}
};
