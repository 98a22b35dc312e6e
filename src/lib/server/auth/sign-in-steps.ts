/** What happens after a password or an SSO identity checks out: a second step, or a session. */
import type { RequestEvent } from '@sveltejs/kit';
import { findAuthState } from '../db/queries/auth';
import { audit } from '../governance/audit';
import { getSetting } from '../governance/settings';
import { beginFlow } from './flows';
import { createSession, generateSessionToken, invalidateSession, setSessionCookie } from './session';

type Event = Pick<RequestEvent, 'cookies' | 'locals'>;

/** Starts a session; any session this browser already had ends, so two people never share one. */
export async function startSession(event: Event, userId: string, method: 'password' | 'sso'): Promise<void> {
	if (event.locals.session) await invalidateSession(event.locals.session.id);
	const token = generateSessionToken();
	const session = await createSession(token, userId);
	setSessionCookie(event.cookies, token, session.expiresAt);
	await audit(event, 'auth.sign_in', { actorId: userId, targetType: 'user', targetId: userId, details: { method } });
}

/**
 * After a correct password: the second-factor page when the account has one, the set-up page when
 * an administrator requires it, otherwise a session. Returns where to send the browser.
 */
export async function afterPassword(event: Event, userId: string, redirectTo: string): Promise<string> {
	const state = await findAuthState(userId);
	if (state?.mfa) {
		await beginFlow(event.cookies, 'mfa', { userId, data: { redirectTo } });
		return '/sign-in/mfa';
	}
	if (await getSetting('auth.requireMfa')) {
		await beginFlow(event.cookies, 'mfa_enrol', { userId, data: { redirectTo } });
		return '/sign-in/mfa/setup';
	}
	await startSession(event, userId, 'password');
	return redirectTo;
}
