/** The "Signing in" section of Your account: what it shows, and its form actions. */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { formFields } from '$lib/schemas/auth';
import { requireUser } from '../authz/guards';
import { getConfig } from '../config';
import { countUnusedRecoveryCodes, findAuthState } from '../db/queries/auth';
import { takeFlash } from '../flash';
import { confirmTotpEnrolment, disableTotpWithCode, enrolmentKey, qrImage, startTotpEnrolment } from './mfa';

export async function securitySummary(event: RequestEvent) {
	const user = requireUser(event);
	const state = (await findAuthState(user.id)) ?? { hasPassword: false, mfa: false, sso: false };
	const oidc = getConfig().auth.oidc;
	return {
		...state,
		recoveryCodesLeft: state.mfa ? await countUnusedRecoveryCodes(user.id) : 0,
		ssoLabel: oidc?.label ?? null,
		flash: takeFlash(event.cookies, '/account')
	};
}

/** `?/startTotp`: a new key, shown as a QR code and as text. */
export async function startTotp(event: RequestEvent) {
	const user = requireUser(event);
	const result = await startTotpEnrolment(user);
	if (!result.ok) return fail(result.status, { section: 'mfa', errors: { form: result.message } });
	return { section: 'mfa', setup: { secret: result.secret, qr: qrImage(result.otpauthUri) } };
}

/** `?/confirmTotp`: the first code turns it on and shows the recovery codes once. */
export async function confirmTotp(event: RequestEvent) {
	const user = requireUser(event);
	const { code } = formFields(await event.request.formData(), ['code']);
	const result = code?.trim()
		? await confirmTotpEnrolment(event, user.id, code.slice(0, 64))
		: ({ ok: false, status: 400, message: 'Enter the 6-digit code from your authenticator app' } as const);
	if (!result.ok) {
		const key = await enrolmentKey(user.id);
		return fail(result.status, {
			section: 'mfa',
			setup: key ? { secret: key.secret, qr: qrImage(key.otpauthUri) } : undefined,
			errors: { code: result.message }
		});
	}
	return { section: 'mfa', recoveryCodes: result.recoveryCodes };
}

/** `?/disableTotp`: needs a current code from the app. */
export async function disableTotp(event: RequestEvent) {
	const user = requireUser(event);
	const { disableCode: code } = formFields(await event.request.formData(), ['disableCode']);
	const result = code?.trim()
		? await disableTotpWithCode(event, user.id, code.slice(0, 64))
		: ({ ok: false, status: 400, message: 'Enter the 6-digit code from your authenticator app' } as const);
	if (!result.ok) return fail(result.status, { section: 'mfa', errors: { disableCode: result.message } });
	return { section: 'mfa', message: 'Two-step verification is off.' };
}
