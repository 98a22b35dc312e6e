import { fail, redirect } from '@sveltejs/kit';
import { formFields } from '$lib/schemas/auth';
import { peekFlow, takeFlow } from '$lib/server/auth/flows';
import { checkSecondFactor } from '$lib/server/auth/mfa';
import { startSession } from '$lib/server/auth/sign-in-steps';
import { safeRedirectTarget } from '$lib/server/authz/guards';
import type { Actions, PageServerLoad } from './$types';

const EXPIRED = 'Your sign-in has timed out. Sign in again with your email address and password';

/** The second step after a correct password: no session exists until a valid code is posted. */
export const load: PageServerLoad = async (event) => {
	// After a form post the action's answer is shown, even when it used the step up.
	if (event.request.method === 'GET' && !(await peekFlow(event.cookies, 'mfa'))) redirect(303, '/sign-in');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const flow = await peekFlow(event.cookies, 'mfa');
		if (!flow?.userId) return fail(400, { errors: { form: EXPIRED } });
		const { code } = formFields(await event.request.formData(), ['code']);
		if (!code?.trim()) return fail(400, { errors: { code: 'Enter the code from your authenticator app' } });
		const result = await checkSecondFactor(event, flow.userId, code.slice(0, 64));
		if (!result.ok) return fail(result.status, { errors: { code: result.message } });
		// Used up once, across every instance: two tabs posting the same good code get one session.
		const taken = await takeFlow(event.cookies, 'mfa');
		if (!taken?.userId) return fail(400, { errors: { form: EXPIRED } });
		await startSession(event, taken.userId, 'password');
		redirect(303, safeRedirectTarget((taken.data as { redirectTo?: string }).redirectTo));
	}
};
