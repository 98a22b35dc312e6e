/**
 * Drafts for sign-off tests, written straight into the tables (the drafts API is another module): a
 * draft with its first version, and an author's edit (a new version, back to `draft`, as saving does).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '$lib/server/db';
import { drafts, draftVersions } from '$lib/server/db/schema';

export async function insertDraft(
	handle: DatabaseHandle,
	userId: string,
	values: { title?: string; content: string }
): Promise<string> {
	const title = values.title ?? 'Winter pressures staff briefing';
	const [row] = await handle.db
		.insert(drafts)
		.values({ userId, title, content: values.content, version: 1 })
		.returning({ id: drafts.id });
	await handle.db
		.insert(draftVersions)
		.values({ draftId: row.id, version: 1, title, content: values.content, authorId: userId, source: 'created' });
	return row.id;
}

/** The author saves new content: version + 1, status back to draft. Returns the new version. */
export async function editDraft(handle: DatabaseHandle, draftId: string, content: string): Promise<number> {
	const [row] = await handle.db
		.update(drafts)
		.set({ content, version: sql`${drafts.version} + 1`, status: 'draft', updatedAt: new Date() })
		.where(eq(drafts.id, draftId))
		.returning();
	await handle.db.insert(draftVersions).values({
		draftId,
		version: row.version,
		title: row.title,
		content,
		authorId: row.userId,
		source: 'edited'
	});
	return row.version;
}

export async function draftRow(handle: DatabaseHandle, draftId: string) {
	const [row] = await handle.db
		.select()
		.from(drafts)
		.where(and(eq(drafts.id, draftId)));
	return row;
}
