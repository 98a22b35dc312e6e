import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '..';
import { users, type User, type UserRole } from '../schema';

export type PublicUser = Pick<User, 'id' | 'email' | 'name' | 'role' | 'createdAt'>;

const publicColumns = {
	id: users.id,
	email: users.email,
	name: users.name,
	role: users.role,
	createdAt: users.createdAt
};

export class EmailTakenError extends Error {
	constructor() {
		super('An account with this email address already exists');
		this.name = 'EmailTakenError';
	}
}

function isUniqueViolation(e: unknown): boolean {
	const err = e as { code?: string; cause?: { code?: string } };
	return err?.code === '23505' || err?.cause?.code === '23505';
}

export async function countUsers(): Promise<number> {
	const db = await getDb();
	const [row] = await db.select({ n: count() }).from(users);
	return row.n;
}

export async function findUserByEmail(email: string): Promise<User | undefined> {
	const db = await getDb();
	const [row] = await db
		.select()
		.from(users)
		.where(eq(sql`lower(${users.email})`, email.toLowerCase()))
		.limit(1);
	return row;
}

export async function findUserById(id: string): Promise<PublicUser | undefined> {
	const db = await getDb();
	const [row] = await db.select(publicColumns).from(users).where(eq(users.id, id)).limit(1);
	return row;
}

/**
 * Creates an account. The very first account becomes an admin: the count and the insert share a
 * transaction-scoped advisory lock so that two simultaneous first sign-ups cannot both be admin.
 */
export async function createUser(input: {
	email: string;
	name: string;
	/** Null for an account that signs in only with single sign-on. */
	passwordHash: string | null;
	role?: UserRole;
}): Promise<PublicUser> {
	const db = await getDb();
	try {
		return await db.transaction(async (tx) => {
			await tx.execute(sql`select pg_advisory_xact_lock(7461001)`);
			const [{ n }] = await tx.select({ n: count() }).from(users);
			const role: UserRole = n === 0 ? 'admin' : (input.role ?? 'member');
			const [row] = await tx
				.insert(users)
				.values({
					email: input.email.toLowerCase(),
					name: input.name,
					passwordHash: input.passwordHash,
					role
				})
				.returning(publicColumns);
			return row;
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new EmailTakenError();
		throw e;
	}
}

export async function listUsers(): Promise<PublicUser[]> {
	const db = await getDb();
	return db.select(publicColumns).from(users).orderBy(asc(users.createdAt));
}

/** Administrators who can still sign in (a deactivated one cannot administer anything). */
export async function countAdmins(): Promise<number> {
	const db = await getDb();
	const [row] = await db
		.select({ n: count() })
		.from(users)
		.where(and(eq(users.role, 'admin'), isNull(users.deactivatedAt)));
	return row.n;
}

export async function setUserRole(id: string, role: UserRole): Promise<PublicUser | undefined> {
	const db = await getDb();
	const [row] = await db
		.update(users)
		.set({ role, updatedAt: new Date() })
		.where(eq(users.id, id))
		.returning(publicColumns);
	return row;
}

export async function setUserPasswordHash(id: string, passwordHash: string): Promise<void> {
	const db = await getDb();
	await db.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, id));
}
