/**
 * Deleting a person's account under the retention rules: their chats (with messages, drafts and
 * attachments), private assistants and prompts, feedback, sign-in identities and pending invitations
 * go; shared work still in their name moves to a successor first. Audit events are never touched:
 * they keep the account id, which points at nothing once the account has gone.
 */
import { and, count, desc, eq, isNotNull, like, ne, or, sql } from 'drizzle-orm';
import { getDb } from '..';
import {
	accountTokens,
	assistants,
	attachments,
	auditEvents,
	chats,
	rateLimits,
	savedPrompts,
	teamInvitations,
	users
} from '../schema';

export type DeletionSummary = {
	chats: number;
	attachments: number;
	privateAssistants: number;
	privatePrompts: number;
	sharedAssistants: number;
	sharedPrompts: number;
};

/** What deleting someone would remove, and the shared work still in their name. */
export async function summariseForDeletion(userId: string): Promise<DeletionSummary> {
	const db = await getDb();
	const n = (rows: { n: number }[]) => Number(rows[0]?.n ?? 0);
	const [c, a, pa, pp, sa, sp] = await Promise.all([
		db.select({ n: count() }).from(chats).where(eq(chats.userId, userId)),
		db.select({ n: count() }).from(attachments).where(eq(attachments.userId, userId)),
		db
			.select({ n: count() })
			.from(assistants)
			.where(and(eq(assistants.ownerId, userId), eq(assistants.visibility, 'private'))),
		db
			.select({ n: count() })
			.from(savedPrompts)
			.where(and(eq(savedPrompts.ownerId, userId), eq(savedPrompts.visibility, 'private'))),
		db
			.select({ n: count() })
			.from(assistants)
			.where(and(eq(assistants.ownerId, userId), ne(assistants.visibility, 'private'))),
		db
			.select({ n: count() })
			.from(savedPrompts)
			.where(and(eq(savedPrompts.ownerId, userId), ne(savedPrompts.visibility, 'private')))
	]);
	return {
		chats: n(c),
		attachments: n(a),
		privateAssistants: n(pa),
		privatePrompts: n(pp),
		sharedAssistants: n(sa),
		sharedPrompts: n(sp)
	};
}

/** Who was named to own someone's shared work when they were last deactivated (from the audit log). */
export async function deactivationSuccessorId(userId: string): Promise<string | null> {
	const db = await getDb();
	const [row] = await db
		.select({ details: auditEvents.details })
		.from(auditEvents)
		.where(and(eq(auditEvents.action, 'user.deactivated'), eq(auditEvents.targetId, userId)))
		.orderBy(desc(auditEvents.id))
		.limit(1);
	const id = row?.details?.newOwnerId;
	return typeof id === 'string' ? id : null;
}

/**
 * Deletes a deactivated account in one transaction. Shared assistants and prompts still in their name
 * move to `successorId` first (required when there are any). Returns what went, or null when the
 * account is missing or was reactivated meanwhile.
 */
export async function deleteDeactivatedUser(
	userId: string,
	successorId: string | null
): Promise<(DeletionSummary & { sharedMoved: number }) | null> {
	const before = await summariseForDeletion(userId);
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [person] = await tx
			.select({ email: users.email })
			.from(users)
			.where(and(eq(users.id, userId), isNotNull(users.deactivatedAt)))
			.for('update');
		if (!person) return null;
		let sharedMoved = 0;
		if (successorId) {
			const a = await tx
				.update(assistants)
				.set({ ownerId: successorId })
				.where(and(eq(assistants.ownerId, userId), ne(assistants.visibility, 'private')))
				.returning({ id: assistants.id });
			const p = await tx
				.update(savedPrompts)
				.set({ ownerId: successorId })
				.where(and(eq(savedPrompts.ownerId, userId), ne(savedPrompts.visibility, 'private')))
				.returning({ id: savedPrompts.id });
			sharedMoved = a.length + p.length;
		}
		// A null owner means "the organisation's own", so private assistants must go, not be orphaned.
		await tx.delete(assistants).where(eq(assistants.ownerId, userId));
		await tx.delete(savedPrompts).where(eq(savedPrompts.ownerId, userId));
		// Chats cascade to messages (drafts), feedback and attachments with their passages.
		await tx.delete(chats).where(eq(chats.userId, userId));
		await tx.delete(teamInvitations).where(eq(teamInvitations.email, person.email));
		await tx
			.delete(accountTokens)
			.where(
				or(
					eq(accountTokens.userId, userId),
					and(eq(accountTokens.kind, 'invite'), eq(accountTokens.email, person.email))
				)
			);
		await tx.delete(rateLimits).where(like(rateLimits.key, `%:${person.email.replace(/[\\%_]/g, (c) => '\\' + c)}`));
		// Sessions, identities, authenticator, recovery codes, memberships and acceptances cascade.
		const gone = await tx.delete(users).where(eq(users.id, userId)).returning({ id: users.id });
		if (gone.length !== 1) return null;
		return { ...before, sharedMoved };
	});
}

/** Whether an id is an active account (a valid successor). */
export async function isActiveUser(userId: string): Promise<boolean> {
	const db = await getDb();
	const [row] = await db
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.id, userId), sql`${users.deactivatedAt} is null`))
		.limit(1);
	return Boolean(row);
}
