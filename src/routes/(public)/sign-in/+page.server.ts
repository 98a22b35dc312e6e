import { fail, redirect } from '@sveltejs/kit';
import { fieldErrors, formFields, signInSchema } from '$lib/schemas/auth';
import { checkCredentials } from '$lib/server/auth/accounts';
import { retryMessage, signInByAccount, signInByIp } from '$lib/server/auth/rate-limit';
import { afterPassword } from '$lib/server/auth/sign-in-steps';
import { safeRedirectTarget } from '$lib/server/authz/guards';
import { getConfig } from '$lib/server/config';
import { audit } from '$lib/server/governance/audit';
import { signInFailures } from '$lib/server/observability/metrics';
import type { Actions, PageServerLoad } from './$types';

const GENERIC_FAILURE = 'Enter a correct email address and password';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
	const { signUpEnabled, passwordSignIn, oidc } = getConfig().auth;
	return {
		signUpEnabled: signUpEnabled && passwordSignIn,
		passwordSignIn,
		sso: oidc ? { label: oidc.label } : null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { request, getClientAddress, url } = event;
		if (!getConfig().auth.passwordSignIn) {
			return fail(403, {
				email: '',
				errors: { form: 'Sign in with your NHS account. Password sign-in is switched off.' }
			});
		}
		const raw = formFields(await request.formData(), ['email', 'password']);
		const parsed = signInSchema.safeParse(raw);
		const email = (raw.email ?? '').slice(0, 254);
		if (!parsed.success) return fail(400, { email, errors: fieldErrors(parsed.error) });

		const ipKey = `ip:${getClientAddress()}`;
		const accountKey = `account:${parsed.data.email}`;
		// Each attempt is counted before the password is checked (a correct one clears the account's count),
		// so a burst of guesses sent at once cannot all get past the limit.
		const byIp = await signInByIp.consume(ipKey);
		const limit = byIp.allowed ? await signInByAccount.consume(accountKey) : byIp;
		if (!limit.allowed) {
			signInFailures.inc({ reason: 'rate_limited' });
			return fail(429, { email, errors: { form: retryMessage(limit.retryAfterSeconds) } });
		}

		const user = await checkCredentials(parsed.data.email, parsed.data.password);
		if (!user) {
			signInFailures.inc({ reason: 'invalid_credentials' });
			await audit(event, 'auth.sign_in_failed', { actorId: null, details: { reason: 'invalid_credentials' } });
			return fail(400, { email, errors: { form: GENERIC_FAILURE } });
		}
		await signInByAccount.reset(accountKey);

		redirect(303, await afterPassword(event, user.id, safeRedirectTarget(url.searchParams.get('redirectTo'))));
	}
};
