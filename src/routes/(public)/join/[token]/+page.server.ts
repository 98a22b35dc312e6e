import { fail, redirect } from '@sveltejs/kit';
import { formFields } from '$lib/schemas/auth';
import { createSession, generateSessionToken, setSessionCookie } from '$lib/server/auth/session';
import { acceptInviteLink, checkInviteLink } from '$lib/server/people/invitations';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// The token is in the path: keep the page out of caches.
	setHeaders({ 'cache-control': 'no-store' });
	const link = await checkInviteLink(params.token);
	return { email: link?.email ?? null };
};

export const actions: Actions = {
	default: async (event) => {
		const raw = formFields(await event.request.formData(), ['name', 'password']);
		const r = await acceptInviteLink(event.params.token, raw, { requestId: event.locals.requestId });
		if (r === null) return fail(410, { expired: true, name: '', errors: {} as Record<string, string> });
		if (!r.ok) return fail(400, { expired: false, name: raw.name ?? '', errors: r.errors });
		const token = generateSessionToken();
		const session = await createSession(token, r.user.id);
		setSessionCookie(event.cookies, token, session.expiresAt);
		redirect(303, '/');
	}
};
