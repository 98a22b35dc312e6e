import { fail, redirect } from '@sveltejs/kit';
import { fieldErrors, formFields, signInSchema } from '$lib/schemas/auth';
import { checkCredentials } from '$lib/server/auth/accounts';
import { firstRefusal, retryMessage, signInByAccount, signInByIp } from '$lib/server/auth/rate-limit';
import { createSession, generateSessionToken, setSessionCookie } from '$lib/server/auth/session';
import { safeRedirectTarget } from '$lib/server/authz/guards';
import { getConfig } from '$lib/server/config';
import { audit } from '$lib/server/governance/audit';
import { signInFailures } from '$lib/server/observability/metrics';
import type { Actions, PageServerLoad } from './$types';

const GENERIC_FAILURE = 'Enter a correct email address and password';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
	return { signUpEnabled: getConfig().auth.signUpEnabled };
};

export const actions: Actions = {
	default: async (event) => {
		const { request, getClientAddress, cookies, url } = event;
		const raw = formFields(await request.formData(), ['email', 'password']);
		const parsed = signInSchema.safeParse(raw);
		const email = (raw.email ?? '').slice(0, 254);
		if (!parsed.success) return fail(400, { email, errors: fieldErrors(parsed.error) });

		const ipKey = `ip:${getClientAddress()}`;
		const accountKey = `account:${parsed.data.email}`;
		const limit = firstRefusal(await signInByIp.check(ipKey), await signInByAccount.check(accountKey));
		if (!limit.allowed) {
			signInFailures.inc({ reason: 'rate_limited' });
			return fail(429, { email, errors: { form: retryMessage(limit.retryAfterSeconds) } });
		}
		await signInByIp.hit(ipKey);

		const user = await checkCredentials(parsed.data.email, parsed.data.password);
		if (!user) {
			await signInByAccount.hit(accountKey);
			signInFailures.inc({ reason: 'invalid_credentials' });
			await audit(event, 'auth.sign_in_failed', { actorId: null, details: { reason: 'invalid_credentials' } });
			return fail(400, { email, errors: { form: GENERIC_FAILURE } });
		}
		await signInByAccount.reset(accountKey);

		const token = generateSessionToken();
		const session = await createSession(token, user.id);
		setSessionCookie(cookies, token, session.expiresAt);
		await audit(event, 'auth.sign_in', { actorId: user.id, targetType: 'user', targetId: user.id });
		redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
	}
};
