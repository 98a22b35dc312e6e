import { and, asc, eq, sql } from 'drizzle-orm';
import { getDb } from '..';
import { collections, documents, styleRules, type StyleRule } from '../schema';

export type StyleRuleInput = {
	category: string;
	pattern: string;
	caseSensitive: boolean;
	exceptions: string[];
	message: string;
	suggestion: string;
	documentRef: string | null;
	sourceUrl: string | null;
	enabled: boolean;
};

export async function listStyleRules(filter: { category?: string; enabled?: boolean } = {}): Promise<StyleRule[]> {
	const db = await getDb();
	const conditions = [
		filter.category ? eq(styleRules.category, filter.category) : undefined,
		filter.enabled !== undefined ? eq(styleRules.enabled, filter.enabled) : undefined
	].filter((c) => c !== undefined);
	return db
		.select()
		.from(styleRules)
		.where(conditions.length ? and(...conditions) : undefined)
		.orderBy(asc(styleRules.category), asc(styleRules.id));
}

export async function listEnabledStyleRules(): Promise<StyleRule[]> {
	return listStyleRules({ enabled: true });
}

export async function findStyleRule(id: string): Promise<StyleRule | undefined> {
	const db = await getDb();
	const [row] = await db.select().from(styleRules).where(eq(styleRules.id, id)).limit(1);
	return row;
}

export async function insertStyleRule(
	input: StyleRuleInput & { id: string; builtIn?: boolean; updatedBy?: string | null }
): Promise<StyleRule | undefined> {
	const db = await getDb();
	const [row] = await db
		.insert(styleRules)
		.values({ ...input, builtIn: input.builtIn ?? false, updatedBy: input.updatedBy ?? null })
		.onConflictDoNothing({ target: styleRules.id })
		.returning();
	return row;
}

/** Inserts the rules whose ids are missing; existing rows (and an admin's edits to them) are left alone. */
export async function insertMissingStyleRules(rows: (StyleRuleInput & { id: string })[]): Promise<number> {
	if (!rows.length) return 0;
	const db = await getDb();
	const inserted = await db
		.insert(styleRules)
		.values(rows.map((r) => ({ ...r, builtIn: true })))
		.onConflictDoNothing({ target: styleRules.id })
		.returning({ id: styleRules.id });
	return inserted.length;
}

export async function updateStyleRule(
	id: string,
	input: Partial<StyleRuleInput>,
	updatedBy: string | null
): Promise<StyleRule | undefined> {
	const db = await getDb();
	const [row] = await db
		.update(styleRules)
		.set({ ...input, updatedBy, updatedAt: sql`now()` })
		.where(eq(styleRules.id, id))
		.returning();
	return row;
}

export type RuleDocument = {
	ref: string;
	title: string;
	collectionSlug: string;
	collectionName: string;
	sourceUrl: string | null;
};

/** Every guidance document as "collection-slug/document-slug", for linking rules to guidance. */
export async function listRuleDocuments(): Promise<RuleDocument[]> {
	const db = await getDb();
	const rows = await db
		.select({
			slug: documents.slug,
			title: documents.title,
			sourceUrl: documents.sourceUrl,
			collectionSlug: collections.slug,
			collectionName: collections.name
		})
		.from(documents)
		.innerJoin(collections, eq(documents.collectionId, collections.id))
		.orderBy(asc(collections.name), asc(documents.title));
	return rows.map((r) => ({
		ref: `${r.collectionSlug}/${r.slug}`,
		title: r.title,
		collectionSlug: r.collectionSlug,
		collectionName: r.collectionName,
		sourceUrl: r.sourceUrl
	}));
}
