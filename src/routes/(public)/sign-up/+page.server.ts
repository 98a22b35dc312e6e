import { error, fail, redirect } from '@sveltejs/kit';
import { fieldErrors, formFields, signUpSchema } from '$lib/schemas/auth';
import { registerAccount } from '$lib/server/auth/accounts';
import { retryMessage, signUpByIp } from '$lib/server/auth/rate-limit';
import { afterPassword } from '$lib/server/auth/sign-in-steps';
import { getConfig } from '$lib/server/config';
import { countUsers } from '$lib/server/db/queries/users';
import { audit } from '$lib/server/governance/audit';
import type { Actions, PageServerLoad } from './$types';

function signUpAllowed(requestId: string) {
	const { signUpEnabled, passwordSignIn } = getConfig().auth;
	if (!passwordSignIn) {
		error(403, {
			message: 'Sign in with your NHS account instead: this service does not use passwords.',
			errorId: requestId
		});
	}
	if (!signUpEnabled) {
		error(403, {
			message: 'Accounts are created by administrators in this organisation. Ask an administrator for an account.',
			errorId: requestId
		});
	}
}

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.user) redirect(303, '/');
	signUpAllowed(locals.requestId);
	return { allowedEmailDomains: getConfig().auth.allowedEmailDomains, firstAccount: (await countUsers()) === 0 };
};

export const actions: Actions = {
	default: async (event) => {
		signUpAllowed(event.locals.requestId);
		const raw = formFields(await event.request.formData(), ['name', 'email', 'password']);
		const kept = { name: (raw.name ?? '').slice(0, 100), email: (raw.email ?? '').slice(0, 254) };
		const parsed = signUpSchema.safeParse(raw);
		if (!parsed.success) return fail(400, { ...kept, errors: fieldErrors(parsed.error) });

		const ipKey = `ip:${event.getClientAddress()}`;
		const limit = await signUpByIp.consume(ipKey);
		if (!limit.allowed) return fail(429, { ...kept, errors: { form: retryMessage(limit.retryAfterSeconds) } });

		const result = await registerAccount(parsed.data);
		if (!result.ok) return fail(400, { ...kept, errors: result.errors });

		const { user } = result;
		await audit(event, 'auth.sign_up', {
			actorId: user.id,
			targetType: 'user',
			targetId: user.id,
			details: { role: user.role }
		});
		// The same steps as a password sign-in: when administrators require two-step verification, the
		// new account sets it up before it gets a session.
		redirect(303, await afterPassword(event, user.id, '/'));
	}
};
