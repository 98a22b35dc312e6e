import { asc, count, eq, sql } from 'drizzle-orm';
import { getDb } from '..';
import { searchSynonyms, type SearchSynonym } from '../schema';

export type SynonymInput = { term: string; synonyms: string[] };

export async function listSynonyms(): Promise<SearchSynonym[]> {
	const db = await getDb();
	return db
		.select()
		.from(searchSynonyms)
		.orderBy(asc(sql`lower(${searchSynonyms.term})`));
}

export async function findSynonym(id: string): Promise<SearchSynonym | undefined> {
	const db = await getDb();
	const [row] = await db.select().from(searchSynonyms).where(eq(searchSynonyms.id, id)).limit(1);
	return row;
}

/** Inserts the built-in groups only when the table is empty, so an admin's deletions are not undone. */
export async function seedSynonymsIfEmpty(rows: SynonymInput[]): Promise<number> {
	if (!rows.length) return 0;
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [{ n }] = await tx.select({ n: count() }).from(searchSynonyms);
		if (Number(n) > 0) return 0;
		const inserted = await tx
			.insert(searchSynonyms)
			.values(rows.map((r) => ({ ...r, builtIn: true })))
			.onConflictDoNothing()
			.returning({ id: searchSynonyms.id });
		return inserted.length;
	});
}

/** Undefined when the term is already taken. */
export async function insertSynonym(input: SynonymInput, updatedBy: string): Promise<SearchSynonym | undefined> {
	const db = await getDb();
	const [row] = await db
		.insert(searchSynonyms)
		.values({ ...input, updatedBy })
		.onConflictDoNothing({ target: searchSynonyms.term })
		.returning();
	return row;
}

export async function updateSynonym(
	id: string,
	input: SynonymInput,
	updatedBy: string
): Promise<SearchSynonym | undefined> {
	const db = await getDb();
	const [row] = await db
		.update(searchSynonyms)
		.set({ ...input, updatedBy, updatedAt: sql`now()` })
		.where(eq(searchSynonyms.id, id))
		.returning();
	return row;
}

export async function deleteSynonym(id: string): Promise<SearchSynonym | undefined> {
	const db = await getDb();
	const [row] = await db.delete(searchSynonyms).where(eq(searchSynonyms.id, id)).returning();
	return row;
}

/** Whether another group already uses this term (case-insensitive). */
export async function synonymTermTaken(term: string, exceptId?: string): Promise<boolean> {
	const db = await getDb();
	const rows = await db
		.select({ id: searchSynonyms.id })
		.from(searchSynonyms)
		.where(sql`lower(${searchSynonyms.term}) = lower(${term})`);
	return rows.some((r) => r.id !== exceptId);
}
