/**
 * Short-lived sign-in steps (an SSO round trip, a password waiting for its second factor) kept in the
 * database, so a step started on one instance can finish on another. The browser holds a random token
 * in an httpOnly cookie; the database holds only its SHA-256.
 */
import type { Cookies } from '@sveltejs/kit';
import { getConfig } from '../config';
import { deleteExpiredAuthFlows, findAuthFlow, insertAuthFlow, takeAuthFlow } from '../db/queries/auth';
import type { AuthFlow } from '../db/schema';
import { generateSessionToken, sessionIdFromToken } from './session';

export type FlowKind = AuthFlow['kind'];

const COOKIES: Record<FlowKind, string> = {
	sso: 'nhs_comms_sso',
	mfa: 'nhs_comms_mfa',
	mfa_enrol: 'nhs_comms_mfa'
};

const LIFETIME_MS: Record<FlowKind, number> = {
	sso: 10 * 60_000,
	mfa: 10 * 60_000,
	mfa_enrol: 30 * 60_000
};

function cookieOptions() {
	// Lax so the cookie comes back on the provider's top-level redirect to the callback.
	return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: getConfig().auth.cookieSecure };
}

/** Starts a step; the cookie replaces any unfinished step of the same kind in this browser. */
export async function beginFlow(
	cookies: Cookies,
	kind: FlowKind,
	input: { userId?: string | null; data?: Record<string, unknown> }
): Promise<void> {
	await deleteExpiredAuthFlows().catch(() => {});
	const token = generateSessionToken();
	const expiresAt = new Date(Date.now() + LIFETIME_MS[kind]);
	await insertAuthFlow({
		id: sessionIdFromToken(token),
		kind,
		userId: input.userId ?? null,
		data: input.data ?? {},
		expiresAt
	});
	cookies.set(COOKIES[kind], token, { ...cookieOptions(), expires: expiresAt });
}

/** The unexpired step this browser holds, without using it up. */
export async function peekFlow(cookies: Cookies, kind: FlowKind): Promise<AuthFlow | undefined> {
	const token = cookies.get(COOKIES[kind]);
	if (!token) return undefined;
	return findAuthFlow(sessionIdFromToken(token), kind);
}

/** Uses the step up (once, across every instance) and clears its cookie. */
export async function takeFlow(cookies: Cookies, kind: FlowKind): Promise<AuthFlow | undefined> {
	const token = cookies.get(COOKIES[kind]);
	if (!token) return undefined;
	cookies.delete(COOKIES[kind], cookieOptions());
	return takeAuthFlow(sessionIdFromToken(token), kind);
}
