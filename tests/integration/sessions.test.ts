import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import {
	createSession,
	generateSessionToken,
	invalidateAllSessions,
	invalidateSession,
	SESSION_LIFETIME_MS,
	validateSessionToken
} from '$lib/server/auth/session';
import { findSessionWithUser } from '$lib/server/db/queries/sessions';
import { createUser, type PublicUser } from '$lib/server/db/queries/users';
import { queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

const DAY = 24 * 60 * 60 * 1000;
let testDb: TestDatabase;
let user: PublicUser;

beforeAll(async () => {
	testDb = await setupTestDatabase();
	// Sessions do not care how the password was hashed, so skip argon2 here.
	user = await createUser({ email: 'session.user@nhs.net', name: 'Session User', passwordHash: 'not-a-hash' });
});

afterAll(async () => {
	await testDb?.teardown();
});

function daysFrom(date: Date, days: number): Date {
	return new Date(date.getTime() + days * DAY);
}

describe('sessions', () => {
	it('validates a new session token and returns its user', async () => {
		const token = generateSessionToken();
		const now = new Date();
		const session = await createSession(token, user.id, now);

		expect(session.expiresAt.getTime()).toBe(now.getTime() + SESSION_LIFETIME_MS);
		const result = await validateSessionToken(token);
		expect(result.user).toEqual({ id: user.id, email: 'session.user@nhs.net', name: 'Session User', role: 'admin' });
		expect(result.session?.id).toBe(session.id);
	});

	it('stores only the SHA-256 of the token', async () => {
		const token = generateSessionToken();
		const session = await createSession(token, user.id);

		const expectedId = createHash('sha256').update(token).digest('hex');
		expect(session.id).toBe(expectedId);
		const rows = await queryRows<{ row: string }>(testDb.handle, sql`select s::text as row from sessions s`);
		expect(rows.some((r) => r.row.includes(expectedId))).toBe(true);
		expect(rows.some((r) => r.row.includes(token))).toBe(false);
	});

	it('gives every session a different token', () => {
		const tokens = new Set(Array.from({ length: 100 }, generateSessionToken));
		expect(tokens.size).toBe(100);
		for (const token of tokens) expect(token).toMatch(/^[a-z2-7]{32}$/);
	});

	it.each([
		['empty', ''],
		['too short', 'abc'],
		['upper case', generateSessionToken().toUpperCase()],
		['not base32', '0'.repeat(32)],
		['with SQL in it', "' or 1=1 --aaaaaaaaaaaaaaaaaaaaa"]
	])('returns nothing for a malformed token (%s)', async (_label, token) => {
		expect(await validateSessionToken(token)).toEqual({ session: null, user: null });
	});

	it('returns nothing for a well-formed token that was never issued', async () => {
		expect(await validateSessionToken(generateSessionToken())).toEqual({ session: null, user: null });
	});

	it('returns nothing for an expired session and deletes it', async () => {
		const token = generateSessionToken();
		const session = await createSession(token, user.id, daysFrom(new Date(), -31));
		expect(await findSessionWithUser(session.id)).toBeDefined();

		expect(await validateSessionToken(token)).toEqual({ session: null, user: null });
		expect(await findSessionWithUser(session.id)).toBeUndefined();
	});

	it('treats the exact moment of expiry as expired', async () => {
		const token = generateSessionToken();
		const session = await createSession(token, user.id);
		expect(await validateSessionToken(token, session.expiresAt)).toEqual({ session: null, user: null });
	});

	it('extends a session used with less than 15 days left to a fresh 30 days', async () => {
		const token = generateSessionToken();
		const now = new Date();
		// Created 20 days ago, so 10 days are left.
		const session = await createSession(token, user.id, daysFrom(now, -20));

		const result = await validateSessionToken(token, now);
		const renewed = now.getTime() + SESSION_LIFETIME_MS;
		expect(result.session?.expiresAt.getTime()).toBe(renewed);
		const stored = await findSessionWithUser(session.id);
		expect(stored?.session.expiresAt.getTime()).toBe(renewed);
	});

	it('leaves a session with more than 15 days left alone', async () => {
		const token = generateSessionToken();
		const now = new Date();
		// Created 10 days ago, so 20 days are left.
		const session = await createSession(token, user.id, daysFrom(now, -10));

		const result = await validateSessionToken(token, now);
		expect(result.session?.expiresAt.getTime()).toBe(session.expiresAt.getTime());
		const stored = await findSessionWithUser(session.id);
		expect(stored?.session.expiresAt.getTime()).toBe(session.expiresAt.getTime());
	});

	it('ends a session on sign-out, leaving the user’s other sessions', async () => {
		const ended = generateSessionToken();
		const other = generateSessionToken();
		const session = await createSession(ended, user.id);
		await createSession(other, user.id);

		await invalidateSession(session.id);
		expect(await validateSessionToken(ended)).toEqual({ session: null, user: null });
		expect((await validateSessionToken(other)).user?.id).toBe(user.id);
	});

	it('ends every session of a user at once', async () => {
		const tokens = [generateSessionToken(), generateSessionToken()];
		for (const token of tokens) await createSession(token, user.id);

		await invalidateAllSessions(user.id);
		for (const token of tokens) expect(await validateSessionToken(token)).toEqual({ session: null, user: null });
	});
});
