import { error, fail, redirect } from '@sveltejs/kit';
import { formFields } from '$lib/schemas/auth';
import { peekFlow, takeFlow } from '$lib/server/auth/flows';
import { confirmTotpEnrolment, enrolmentKey, qrImage } from '$lib/server/auth/mfa';
import { startSession } from '$lib/server/auth/sign-in-steps';
import { safeRedirectTarget } from '$lib/server/authz/guards';
import type { Actions, PageServerLoad } from './$types';

const EXPIRED = 'Your sign-in has timed out. Sign in again with your email address and password';

/** Set-up at sign-in, when an administrator requires two-step verification for password accounts. */
export const load: PageServerLoad = async (event) => {
	const flow = await peekFlow(event.cookies, 'mfa_enrol');
	// After the last form post the step is used up and the page shows the recovery codes instead.
	if (!flow?.userId && event.request.method !== 'GET') return { secret: null, qr: null };
	if (!flow?.userId) redirect(303, '/sign-in');
	const key = await enrolmentKey(flow.userId);
	if (!key) error(400, { message: EXPIRED, errorId: event.locals.requestId });
	return { secret: key.secret, qr: qrImage(key.otpauthUri) };
};

export const actions: Actions = {
	default: async (event) => {
		const flow = await peekFlow(event.cookies, 'mfa_enrol');
		if (!flow?.userId) return fail(400, { errors: { form: EXPIRED } as Record<string, string> });
		const { code } = formFields(await event.request.formData(), ['code']);
		if (!code?.trim()) return fail(400, { errors: { code: 'Enter the 6-digit code from your authenticator app' } });
		const result = await confirmTotpEnrolment(event, flow.userId, code.slice(0, 64));
		if (!result.ok) return fail(result.status, { errors: { code: result.message } });
		const taken = await takeFlow(event.cookies, 'mfa_enrol');
		if (!taken?.userId) return fail(400, { errors: { form: EXPIRED } });
		await startSession(event, taken.userId, 'password');
		return {
			recoveryCodes: result.recoveryCodes,
			next: safeRedirectTarget((taken.data as { redirectTo?: string }).redirectTo)
		};
	}
};
