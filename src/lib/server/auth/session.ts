/**
 * Sessions in the Lucia pattern: the cookie holds a random token, the database holds its SHA-256,
 * so a leaked database cannot be replayed as cookies. Expiry slides: a session used in the second
 * half of its life is extended to a fresh 30 days.
 */
import type { Cookies } from '@sveltejs/kit';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { getConfig } from '../config';
import {
	deleteSession,
	deleteUserSessions,
	findSessionWithUser,
	insertSession,
	updateSessionExpiry
} from '../db/queries/sessions';
import type { Session } from '../db/schema';
import type { SessionUser } from '$lib/schemas/user';

export const SESSION_COOKIE = 'nhs_comms_session';
const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
const RENEW_WITHIN_MS = 15 * DAY_MS;
const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(token: string, userId: string, now = new Date()): Promise<Session> {
	const session: Session = {
		id: sessionIdFromToken(token),
		userId,
		expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
		createdAt: now
	};
	await insertSession(session);
	return session;
}

export type SessionValidation = { session: Session; user: SessionUser } | { session: null; user: null };

/** Looks a cookie token up; malformed, unknown and expired tokens all come back empty. */
export async function validateSessionToken(token: string, now = new Date()): Promise<SessionValidation> {
	if (!TOKEN_PATTERN.test(token)) return { session: null, user: null };
	const id = sessionIdFromToken(token);
	const row = await findSessionWithUser(id);
	if (!row) return { session: null, user: null };
	const { session, user } = row;
	if (now.getTime() >= session.expiresAt.getTime()) {
		await deleteSession(id);
		return { session: null, user: null };
	}
	if (session.expiresAt.getTime() - now.getTime() < RENEW_WITHIN_MS) {
		session.expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
		await updateSessionExpiry(id, session.expiresAt);
	}
	return { session, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}

export async function invalidateSession(sessionId: string): Promise<void> {
	await deleteSession(sessionId);
}

export async function invalidateAllSessions(userId: string): Promise<void> {
	await deleteUserSessions(userId);
}

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: Date): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: getConfig().auth.cookieSecure,
		expires: expiresAt
	});
}

export function deleteSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: getConfig().auth.cookieSecure
	});
}
