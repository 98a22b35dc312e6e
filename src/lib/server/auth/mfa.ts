/** Two-step verification for password accounts: enrolment, confirmation, sign-in checks, turning off. */
import {
	claimTotpCounter,
	confirmTotp,
	deleteTotp,
	findAuthState,
	findTotp,
	findUserEmail,
	upsertPendingTotp,
	useRecoveryCode
} from '../db/queries/auth';
import { renderSVG } from 'uqr';
import { audit } from '../governance/audit';
import { clearMfaFailures, takeMfaAttempt } from './mfa-limit';
import { retryMessage } from './rate-limit';
import { hashRecoveryCode, matchingCounter, newRecoveryCodes, newTotpKey, normaliseCode, totpUri } from './totp';
import { openTotpKey, sealTotpKey } from './totp-key';

type AuditEvent = { locals: { user: { id: string } | null; requestId?: string } } | null;
type Refusal = { ok: false; status: number; message: string };

export const WRONG_CODE = 'Enter the 6-digit code shown in your authenticator app now';

/** A new (unconfirmed) authenticator key for a password account. */
export async function startTotpEnrolment(user: {
	id: string;
	email: string;
}): Promise<{ ok: true; secret: string; otpauthUri: string } | Refusal> {
	const state = await findAuthState(user.id);
	if (!state) return { ok: false, status: 404, message: 'Account not found' };
	if (!state.hasPassword) {
		return {
			ok: false,
			status: 400,
			message:
				'Two-step verification is for signing in with a password. Your organisation’s sign-in protects your NHS account.'
		};
	}
	if (state.mfa)
		return {
			ok: false,
			status: 409,
			message: 'Two-step verification is already on. Turn it off first to use a new app.'
		};
	const { secret } = newTotpKey();
	if (!(await upsertPendingTotp(user.id, sealTotpKey(secret, user.id)))) {
		return {
			ok: false,
			status: 409,
			message: 'Two-step verification is already on. Turn it off first to use a new app.'
		};
	}
	return { ok: true, secret, otpauthUri: totpUri(secret, user.email) };
}

/** Counts this code attempt; a refusal says how long to wait. A correct code clears the count. */
async function limited(userId: string): Promise<Refusal | null> {
	const limit = await takeMfaAttempt(userId);
	return limit.allowed ? null : { ok: false, status: 429, message: retryMessage(limit.retryAfterSeconds) };
}

/** A wrong code (already counted by `limited`). */
function wrong(message = WRONG_CODE): Refusal {
	return { ok: false, status: 400, message };
}

/** Accepts a current code once: the time step is claimed, so the same code cannot be used again. */
async function acceptTotp(userId: string, stored: string, code: string): Promise<boolean> {
	const secret = openTotpKey(stored, userId);
	if (secret === undefined) return false;
	const counter = matchingCounter(secret, normaliseCode(code));
	return counter !== null && (await claimTotpCounter(userId, counter));
}

/** The first code from the app confirms it; the answer holds the ten recovery codes, shown once. */
export async function confirmTotpEnrolment(
	event: AuditEvent,
	userId: string,
	code: string
): Promise<{ ok: true; recoveryCodes: string[] } | Refusal> {
	const refused = await limited(userId);
	if (refused) return refused;
	const totp = await findTotp(userId);
	if (!totp) return { ok: false, status: 400, message: 'Start setting up two-step verification first' };
	if (totp.confirmedAt) return { ok: false, status: 409, message: 'Two-step verification is already on' };
	if (!(await acceptTotp(userId, totp.key, code))) return wrong();
	const recoveryCodes = newRecoveryCodes();
	if (!(await confirmTotp(userId, recoveryCodes.map(hashRecoveryCode)))) {
		return { ok: false, status: 409, message: 'Two-step verification is already on' };
	}
	await clearMfaFailures(userId);
	await audit(event, 'auth.mfa_enabled', { actorId: userId, targetType: 'user', targetId: userId });
	return { ok: true, recoveryCodes };
}

/** Turning it off needs a current code from the app (not a recovery code). */
export async function disableTotpWithCode(
	event: AuditEvent,
	userId: string,
	code: string
): Promise<{ ok: true } | Refusal> {
	const refused = await limited(userId);
	if (refused) return refused;
	const totp = await findTotp(userId);
	if (!totp?.confirmedAt) return { ok: false, status: 400, message: 'Two-step verification is not on' };
	if (!(await acceptTotp(userId, totp.key, code))) return wrong();
	await deleteTotp(userId);
	await clearMfaFailures(userId);
	await audit(event, 'auth.mfa_disabled', { actorId: userId, targetType: 'user', targetId: userId });
	return { ok: true };
}

/** The sign-in step: a current code, or an unused recovery code (which is then used up). */
export async function checkSecondFactor(
	event: AuditEvent,
	userId: string,
	input: string
): Promise<{ ok: true; method: 'totp' | 'recovery' } | Refusal> {
	const refused = await limited(userId);
	if (refused) return refused;
	const totp = await findTotp(userId);
	if (!totp?.confirmedAt) return { ok: false, status: 400, message: 'Two-step verification is not on' };
	const code = normaliseCode(input);
	if (/^\d{6}$/.test(code)) {
		if (await acceptTotp(userId, totp.key, code)) return success(userId, 'totp');
		return wrong('Enter the code shown in your authenticator app now, or one of your recovery codes');
	}
	if (code.length === 16 && (await useRecoveryCode(userId, hashRecoveryCode(code)))) {
		await audit(event, 'auth.mfa_recovery_code_used', { actorId: userId, targetType: 'user', targetId: userId });
		return success(userId, 'recovery');
	}
	return wrong('Enter the code shown in your authenticator app now, or one of your recovery codes');
}

async function success(userId: string, method: 'totp' | 'recovery') {
	await clearMfaFailures(userId);
	return { ok: true as const, method };
}

/** The QR code an authenticator app scans, as an image URL (the page's CSP allows data: images). */
export function qrImage(otpauthUri: string): string {
	return `data:image/svg+xml;base64,${Buffer.from(renderSVG(otpauthUri)).toString('base64')}`;
}

/** The unconfirmed key being set up at sign-in (kept across reloads), or a new one. */
export async function enrolmentKey(userId: string): Promise<{ secret: string; otpauthUri: string } | null> {
	const email = await findUserEmail(userId);
	if (!email) return null;
	const pending = await findTotp(userId);
	const pendingKey = pending && !pending.confirmedAt ? openTotpKey(pending.key, userId) : undefined;
	if (pendingKey) return { secret: pendingKey, otpauthUri: totpUri(pendingKey, email) };
	const started = await startTotpEnrolment({ id: userId, email });
	return started.ok ? { secret: started.secret, otpauthUri: started.otpauthUri } : null;
}
