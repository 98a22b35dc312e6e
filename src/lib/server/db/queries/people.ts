/** People coming and going: deactivation, reactivation, and the one-time links admins hand out. */
import { and, asc, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { getDb } from '..';
import {
	accountTokens,
	assistants,
	savedPrompts,
	sessions,
	users,
	type AccountTokenKind,
	type UserRole
} from '../schema';

export type PersonRow = {
	id: string;
	name: string;
	email: string;
	role: UserRole;
	createdAt: Date;
	deactivatedAt: Date | null;
	lastActiveAt: Date | null;
};

// Last active: the latest sign-in, from live sessions or (after sign-out) the audit log, whichever is later.
const lastActive = sql<Date | null>`greatest(
	(select max(s.created_at) from sessions s where s.user_id = users.id),
	(select max(a.occurred_at) from audit_events a where a.actor_id = users.id and a.action = 'auth.sign_in'))`;

/** Everyone with an account, oldest first, with their status and when they last signed in. */
export async function listPeople(): Promise<PersonRow[]> {
	const db = await getDb();
	const rows = await db
		.select({
			id: users.id,
			name: users.name,
			email: users.email,
			role: users.role,
			createdAt: users.createdAt,
			deactivatedAt: users.deactivatedAt,
			lastActiveAt: lastActive
		})
		.from(users)
		.orderBy(asc(users.createdAt));
	// A raw subquery comes back as a string from some drivers.
	return rows.map((r) => ({ ...r, lastActiveAt: r.lastActiveAt ? new Date(r.lastActiveAt) : null }));
}

export async function findPerson(id: string): Promise<PersonRow | undefined> {
	const db = await getDb();
	const [row] = await db
		.select({
			id: users.id,
			name: users.name,
			email: users.email,
			role: users.role,
			createdAt: users.createdAt,
			deactivatedAt: users.deactivatedAt,
			lastActiveAt: lastActive
		})
		.from(users)
		.where(eq(users.id, id))
		.limit(1);
	return row ? { ...row, lastActiveAt: row.lastActiveAt ? new Date(row.lastActiveAt) : null } : undefined;
}

/** Active administrators other than `exceptId`. */
/** Whether an account has been deactivated (a leaver): it may not sign in by any route. */
export async function isDeactivated(userId: string): Promise<boolean> {
	const db = await getDb();
	const [row] = await db.select({ at: users.deactivatedAt }).from(users).where(eq(users.id, userId));
	return Boolean(row?.at);
}

export async function countOtherActiveAdmins(exceptId: string): Promise<number> {
	const db = await getDb();
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(users)
		.where(and(eq(users.role, 'admin'), isNull(users.deactivatedAt), ne(users.id, exceptId)));
	return row.n;
}

/**
 * Deactivates an account in one transaction: every session ends, and the assistants and prompts it
 * shares (team or organisation) move to `newOwnerId` so colleagues keep them. Private ones stay put.
 */
export async function deactivateUser(
	userId: string,
	newOwnerId: string,
	now = new Date()
): Promise<{ assistantsMoved: number; promptsMoved: number; sessionsEnded: number } | null> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [done] = await tx
			.update(users)
			.set({ deactivatedAt: now, updatedAt: now })
			.where(and(eq(users.id, userId), isNull(users.deactivatedAt)))
			.returning({ id: users.id });
		if (!done) return null;
		const ended = await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
		const movedAssistants = await tx
			.update(assistants)
			.set({ ownerId: newOwnerId })
			.where(and(eq(assistants.ownerId, userId), ne(assistants.visibility, 'private')))
			.returning({ id: assistants.id });
		const movedPrompts = await tx
			.update(savedPrompts)
			.set({ ownerId: newOwnerId })
			.where(and(eq(savedPrompts.ownerId, userId), ne(savedPrompts.visibility, 'private')))
			.returning({ id: savedPrompts.id });
		return {
			assistantsMoved: movedAssistants.length,
			promptsMoved: movedPrompts.length,
			sessionsEnded: ended.length
		};
	});
}

/**
 * Deactivates an account with no named successor (single sign-on found them outside the allowed
 * groups): every session ends; their shared work stays theirs until an administrator hands it on.
 * Returns the sessions ended, or null when it was already deactivated.
 */
export async function deactivateWithoutHandover(userId: string, now = new Date()): Promise<number | null> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [done] = await tx
			.update(users)
			.set({ deactivatedAt: now, updatedAt: now })
			.where(and(eq(users.id, userId), isNull(users.deactivatedAt)))
			.returning({ id: users.id });
		if (!done) return null;
		const ended = await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
		return ended.length;
	});
}

/** Lets a deactivated person sign in again; false when they were not deactivated. */
export async function reactivateUser(userId: string, now = new Date()): Promise<boolean> {
	const db = await getDb();
	const rows = await db
		.update(users)
		.set({ deactivatedAt: null, updatedAt: now })
		.where(and(eq(users.id, userId), sql`${users.deactivatedAt} is not null`))
		.returning({ id: users.id });
	return rows.length === 1;
}

export async function setUserName(userId: string, name: string): Promise<void> {
	const db = await getDb();
	await db.update(users).set({ name, updatedAt: new Date() }).where(eq(users.id, userId));
}

export async function findPasswordHash(userId: string): Promise<string | undefined> {
	const db = await getDb();
	const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
	// Null for an account that signs in only with single sign-on: it has no password to check.
	return row?.hash ?? undefined;
}

/** Ends every session of a person except one (the one they are using). */
export async function deleteOtherSessions(userId: string, keepSessionId: string | null): Promise<number> {
	const db = await getDb();
	const where = keepSessionId
		? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))
		: eq(sessions.userId, userId);
	const rows = await db.delete(sessions).where(where).returning({ id: sessions.id });
	return rows.length;
}

/** Stores a one-time link's hash, replacing any unused link of the same kind for the same person. */
export async function insertAccountToken(input: {
	kind: AccountTokenKind;
	tokenHash: string;
	email?: string;
	userId?: string;
	role?: UserRole;
	createdBy: string;
	expiresAt: Date;
}): Promise<void> {
	const db = await getDb();
	await db.transaction(async (tx) => {
		const same =
			input.kind === 'reset'
				? eq(accountTokens.userId, input.userId ?? '')
				: eq(accountTokens.email, input.email ?? '');
		await tx.delete(accountTokens).where(and(eq(accountTokens.kind, input.kind), same, isNull(accountTokens.usedAt)));
		await tx.insert(accountTokens).values(input);
	});
}

/** An unused, unexpired link of a kind by its hash. */
export async function findLiveAccountToken(kind: AccountTokenKind, tokenHash: string, now = new Date()) {
	const db = await getDb();
	const [row] = await db
		.select()
		.from(accountTokens)
		.where(
			and(
				eq(accountTokens.kind, kind),
				eq(accountTokens.tokenHash, tokenHash),
				isNull(accountTokens.usedAt),
				gt(accountTokens.expiresAt, now)
			)
		)
		.limit(1);
	return row;
}

/**
 * Uses a reset link: sets the password hash and ends every session, only if the link is still unused
 * (two tabs posting at once cannot both use it). Returns the account id, or null.
 */
export async function consumeResetToken(tokenHash: string, passwordHash: string, now = new Date()) {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [token] = await tx
			.update(accountTokens)
			.set({ usedAt: now })
			.where(
				and(
					eq(accountTokens.kind, 'reset'),
					eq(accountTokens.tokenHash, tokenHash),
					isNull(accountTokens.usedAt),
					gt(accountTokens.expiresAt, now)
				)
			)
			.returning({ userId: accountTokens.userId });
		if (!token?.userId) return null;
		await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, token.userId));
		await tx.delete(sessions).where(eq(sessions.userId, token.userId));
		return token.userId;
	});
}

/** The newest unused, unexpired invitation for an address (lower-case), if any. */
export async function findLiveInvitationFor(email: string, now = new Date()) {
	const db = await getDb();
	const [row] = await db
		.select()
		.from(accountTokens)
		.where(
			and(
				eq(accountTokens.kind, 'invite'),
				eq(accountTokens.email, email.toLowerCase()),
				isNull(accountTokens.usedAt),
				gt(accountTokens.expiresAt, now)
			)
		)
		.orderBy(desc(accountTokens.createdAt))
		.limit(1);
	return row;
}

/** Marks an invitation link used (after its account was created); false if it was already used. */
export async function markAccountTokenUsed(id: string, now = new Date()): Promise<boolean> {
	const db = await getDb();
	const rows = await db
		.update(accountTokens)
		.set({ usedAt: now })
		.where(and(eq(accountTokens.id, id), isNull(accountTokens.usedAt)))
		.returning({ id: accountTokens.id });
	return rows.length === 1;
}
