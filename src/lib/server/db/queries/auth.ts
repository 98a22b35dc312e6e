/** Queries for single sign-on identities, pending sign-in steps and the second factor. */
import { and, asc, eq, gt, isNull, lt, notLike, or, sql } from 'drizzle-orm';
import { getDb } from '..';
import { authFlows, mfaRecoveryCodes, userIdentities, users, userTotp, type AuthFlow } from '../schema';

export async function findIdentity(issuer: string, subject: string) {
	const db = await getDb();
	const [row] = await db
		.select({ userId: userIdentities.userId })
		.from(userIdentities)
		.where(and(eq(userIdentities.issuer, issuer), eq(userIdentities.subject, subject)))
		.limit(1);
	return row;
}

/** Links an identity; false when it is already linked (to anyone). */
export async function insertIdentity(userId: string, issuer: string, subject: string): Promise<boolean> {
	const db = await getDb();
	const rows = await db
		.insert(userIdentities)
		.values({ userId, issuer, subject, lastSignInAt: new Date() })
		.onConflictDoNothing()
		.returning({ id: userIdentities.id });
	return rows.length === 1;
}

export async function touchIdentity(issuer: string, subject: string): Promise<void> {
	const db = await getDb();
	await db
		.update(userIdentities)
		.set({ lastSignInAt: new Date() })
		.where(and(eq(userIdentities.issuer, issuer), eq(userIdentities.subject, subject)));
}

export async function countIdentities(userId: string): Promise<number> {
	const db = await getDb();
	const rows = await db.select({ id: userIdentities.id }).from(userIdentities).where(eq(userIdentities.userId, userId));
	return rows.length;
}

/** Whether the account has a password and a confirmed authenticator, for sign-in and GET /api/me. */
export async function findAuthState(userId: string) {
	const db = await getDb();
	const [row] = await db
		.select({
			hasPassword: sql<boolean>`${users.passwordHash} is not null`,
			// Written out in full: drizzle leaves column names unqualified inside sql``.
			mfa: sql<boolean>`exists (select 1 from user_totp t where t.user_id = users.id and t.confirmed_at is not null)`,
			sso: sql<boolean>`exists (select 1 from user_identities i where i.user_id = users.id)`
		})
		.from(users)
		.where(eq(users.id, userId))
		.limit(1);
	return row ? { hasPassword: !!row.hasPassword, mfa: !!row.mfa, sso: !!row.sso } : undefined;
}

export async function insertAuthFlow(flow: Omit<AuthFlow, 'createdAt'>): Promise<void> {
	const db = await getDb();
	await db.insert(authFlows).values(flow);
}

/** Reads an unexpired flow without using it up. */
export async function findAuthFlow(id: string, kind: AuthFlow['kind']): Promise<AuthFlow | undefined> {
	const db = await getDb();
	const [row] = await db
		.select()
		.from(authFlows)
		.where(and(eq(authFlows.id, id), eq(authFlows.kind, kind), gt(authFlows.expiresAt, new Date())))
		.limit(1);
	return row;
}

/** Uses a flow up: exactly one caller, on any instance, gets the row back. */
export async function takeAuthFlow(id: string, kind: AuthFlow['kind']): Promise<AuthFlow | undefined> {
	const db = await getDb();
	const [row] = await db
		.delete(authFlows)
		.where(and(eq(authFlows.id, id), eq(authFlows.kind, kind)))
		.returning();
	if (!row || row.expiresAt.getTime() <= Date.now()) return undefined;
	return row;
}

export async function deleteExpiredAuthFlows(now = new Date()): Promise<void> {
	const db = await getDb();
	await db.delete(authFlows).where(lt(authFlows.expiresAt, now));
}

export async function findTotp(userId: string) {
	const db = await getDb();
	const [row] = await db.select().from(userTotp).where(eq(userTotp.userId, userId)).limit(1);
	return row;
}

/** TOTP keys not yet in the encrypted form (`v1.…`), to encrypt when SECRETS_KEY is set. */
export async function listPlaintextTotpKeys(): Promise<{ userId: string; key: string }[]> {
	const db = await getDb();
	return db.select({ userId: userTotp.userId, key: userTotp.key }).from(userTotp).where(notLike(userTotp.key, 'v1.%'));
}

/** Replaces a stored key only if it is still `from` (so a concurrent change is never overwritten). */
export async function replaceTotpKey(userId: string, from: string, to: string): Promise<boolean> {
	const db = await getDb();
	const rows = await db
		.update(userTotp)
		.set({ key: to })
		.where(and(eq(userTotp.userId, userId), eq(userTotp.key, from)))
		.returning({ userId: userTotp.userId });
	return rows.length === 1;
}

/** Starts (or restarts) enrolment with a new key; a confirmed authenticator is never replaced here. */
export async function upsertPendingTotp(userId: string, key: string): Promise<boolean> {
	const db = await getDb();
	const rows = await db
		.insert(userTotp)
		.values({ userId, key })
		.onConflictDoUpdate({
			target: userTotp.userId,
			set: { key, createdAt: new Date(), lastCounter: null },
			setWhere: isNull(userTotp.confirmedAt)
		})
		.returning({ userId: userTotp.userId });
	return rows.length === 1;
}

/**
 * Records that the code for `counter` was used; false when that code (or a later one) was already
 * used, so a code seen over someone's shoulder cannot be replayed, even on another instance.
 */
export async function claimTotpCounter(userId: string, counter: number): Promise<boolean> {
	const db = await getDb();
	const rows = await db
		.update(userTotp)
		.set({ lastCounter: counter })
		.where(and(eq(userTotp.userId, userId), or(isNull(userTotp.lastCounter), lt(userTotp.lastCounter, counter))))
		.returning({ userId: userTotp.userId });
	return rows.length === 1;
}

/** Confirms the authenticator and replaces the recovery codes, together. */
export async function confirmTotp(userId: string, codeHashes: string[]): Promise<boolean> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const rows = await tx
			.update(userTotp)
			.set({ confirmedAt: new Date() })
			.where(and(eq(userTotp.userId, userId), isNull(userTotp.confirmedAt)))
			.returning({ userId: userTotp.userId });
		if (rows.length !== 1) return false;
		await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
		await tx.insert(mfaRecoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash })));
		return true;
	});
}

export async function deleteTotp(userId: string): Promise<void> {
	const db = await getDb();
	await db.transaction(async (tx) => {
		await tx.delete(userTotp).where(eq(userTotp.userId, userId));
		await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
	});
}

/** Uses a recovery code up; true for exactly one caller. */
export async function useRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
	const db = await getDb();
	const rows = await db
		.update(mfaRecoveryCodes)
		.set({ usedAt: new Date() })
		.where(
			and(eq(mfaRecoveryCodes.userId, userId), eq(mfaRecoveryCodes.codeHash, codeHash), isNull(mfaRecoveryCodes.usedAt))
		)
		.returning({ id: mfaRecoveryCodes.id });
	return rows.length === 1;
}

export async function countUnusedRecoveryCodes(userId: string): Promise<number> {
	const db = await getDb();
	const rows = await db
		.select({ id: mfaRecoveryCodes.id })
		.from(mfaRecoveryCodes)
		.where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)))
		.orderBy(asc(mfaRecoveryCodes.createdAt));
	return rows.length;
}

export async function findUserEmail(userId: string): Promise<string | undefined> {
	const db = await getDb();
	const [row] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId)).limit(1);
	return row?.email;
}
