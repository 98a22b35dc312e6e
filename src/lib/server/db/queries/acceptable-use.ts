import { count, desc, eq, max, sql } from 'drizzle-orm';
import { getDb } from '..';
import { acceptableUseAcceptances, acceptableUseVersions } from '../schema';
import { rowsOf } from './rows';

export type AcceptableUseVersionRow = { version: number; text: string; createdBy: string | null; createdAt: Date };

/** The current statement: the highest version, or nothing when none has been written. */
export async function findLatestAcceptableUse(): Promise<AcceptableUseVersionRow | undefined> {
	const db = await getDb();
	const [row] = await db.select().from(acceptableUseVersions).orderBy(desc(acceptableUseVersions.version)).limit(1);
	return row;
}

/** Stores a new text as the next version. */
export async function insertAcceptableUseVersion(
	text: string,
	createdBy: string | null
): Promise<AcceptableUseVersionRow> {
	const db = await getDb();
	const [row] = await db.insert(acceptableUseVersions).values({ text, createdBy }).returning();
	return row;
}

/**
 * Writes the first statement only when the table is empty, in one statement so that two processes
 * starting together cannot both write one. True when it wrote.
 */
export async function insertAcceptableUseIfNone(text: string): Promise<boolean> {
	const db = await getDb();
	const result = await db.execute(
		sql`insert into ${acceptableUseVersions} (text)
			select ${text} where not exists (select 1 from ${acceptableUseVersions})
			returning version`
	);
	return rowsOf<{ version: number }>(result).length > 0;
}

/** Every version, newest first, with how many people accepted each and who wrote it. */
export async function listAcceptableUseVersions(): Promise<
	{ version: number; text: string; createdAt: Date; createdBy: string | null; acceptances: number }[]
> {
	const db = await getDb();
	return db
		.select({
			version: acceptableUseVersions.version,
			text: acceptableUseVersions.text,
			createdAt: acceptableUseVersions.createdAt,
			createdBy: acceptableUseVersions.createdBy,
			acceptances: count(acceptableUseAcceptances.userId)
		})
		.from(acceptableUseVersions)
		.leftJoin(acceptableUseAcceptances, eq(acceptableUseAcceptances.version, acceptableUseVersions.version))
		.groupBy(acceptableUseVersions.version)
		.orderBy(desc(acceptableUseVersions.version));
}

/** Records that a person accepted a version (accepting twice keeps the first time). */
export async function insertAcceptance(userId: string, version: number): Promise<void> {
	const db = await getDb();
	await db.insert(acceptableUseAcceptances).values({ userId, version }).onConflictDoNothing();
}

/** The highest version this person has accepted, or 0. */
export async function findLatestAcceptedVersion(userId: string): Promise<number> {
	const db = await getDb();
	const [row] = await db
		.select({ version: max(acceptableUseAcceptances.version) })
		.from(acceptableUseAcceptances)
		.where(eq(acceptableUseAcceptances.userId, userId));
	return row?.version ?? 0;
}

/** A person's acceptances, newest first. */
export async function listAcceptancesForUser(userId: string): Promise<{ version: number; acceptedAt: Date }[]> {
	const db = await getDb();
	return db
		.select({ version: acceptableUseAcceptances.version, acceptedAt: acceptableUseAcceptances.acceptedAt })
		.from(acceptableUseAcceptances)
		.where(eq(acceptableUseAcceptances.userId, userId))
		.orderBy(desc(acceptableUseAcceptances.version));
}

export async function countAcceptances(version: number): Promise<number> {
	const db = await getDb();
	const [row] = await db
		.select({ n: count() })
		.from(acceptableUseAcceptances)
		.where(eq(acceptableUseAcceptances.version, version));
	return row?.n ?? 0;
}
