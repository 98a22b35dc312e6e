import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { getDb } from '..';
import { prepared } from '../prepared';
import { sessions, users, type Session } from '../schema';
import type { PublicUser } from './users';

export async function insertSession(session: Session): Promise<void> {
	const db = await getDb();
	await db.insert(sessions).values(session);
}

export async function findSessionWithUser(id: string): Promise<{ session: Session; user: PublicUser } | undefined> {
	const db = await getDb();
	const statement = prepared(db, 'find_session_with_user', (d) =>
		d
			.select({
				session: sessions,
				user: {
					id: users.id,
					email: users.email,
					name: users.name,
					role: users.role,
					createdAt: users.createdAt
				}
			})
			.from(sessions)
			.innerJoin(users, eq(sessions.userId, users.id))
			// A deactivated person's sessions are deleted; this also refuses any that raced the deactivation.
			.where(and(eq(sessions.id, sql.placeholder('id')), isNull(users.deactivatedAt)))
			.limit(1)
			.prepare('find_session_with_user')
	);
	const [row] = await statement.execute({ id });
	return row;
}

export async function updateSessionExpiry(id: string, expiresAt: Date): Promise<void> {
	const db = await getDb();
	await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
}

export async function deleteSession(id: string): Promise<void> {
	const db = await getDb();
	await db.delete(sessions).where(eq(sessions.id, id));
}

export async function deleteUserSessions(userId: string): Promise<void> {
	const db = await getDb();
	await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function deleteExpiredSessions(now = new Date()): Promise<number> {
	const db = await getDb();
	const rows = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id });
	return rows.length;
}
