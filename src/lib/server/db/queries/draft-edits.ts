/** Targeted AI edits of a draft: proposed by the model, then accepted or rejected by the author. */
import { and, eq, sql } from 'drizzle-orm';
import type { PromptVersion } from '$lib/schemas/chat';
import { getDb } from '..';
import { draftEdits, type DraftEdit } from '../schema';
import { isUuid } from './chats';

export async function insertDraftEdit(input: {
	draftId: string;
	userId: string;
	baseVersion: number;
	start: number;
	end: number;
	instruction: string;
	original: string;
	model: string;
	promptVersions: PromptVersion[];
}): Promise<DraftEdit> {
	const db = await getDb();
	const [row] = await db
		.insert(draftEdits)
		.values({ ...input, status: 'streaming' })
		.returning();
	return row;
}

/** Ends a streaming edit: `proposed` with its replacement, or `failed` with why. */
export async function finishDraftEdit(id: string, result: { replacement: string } | { error: string }): Promise<void> {
	const db = await getDb();
	await db
		.update(draftEdits)
		.set(
			'replacement' in result
				? { status: 'proposed', replacement: result.replacement }
				: { status: 'failed', error: result.error }
		)
		.where(and(eq(draftEdits.id, id), eq(draftEdits.status, 'streaming')));
}

/** An edit of this draft, or nothing. */
export async function findDraftEdit(draftId: string, editId: string): Promise<DraftEdit | undefined> {
	if (!isUuid(editId)) return undefined;
	const db = await getDb();
	const [row] = await db
		.select()
		.from(draftEdits)
		.where(and(eq(draftEdits.id, editId), eq(draftEdits.draftId, draftId)))
		.limit(1);
	return row;
}

/** Records the author's decision on a proposed edit; false when it was no longer proposed. */
export async function decideDraftEdit(
	id: string,
	decision: { status: 'accepted'; resultVersion: number } | { status: 'rejected' }
): Promise<boolean> {
	const db = await getDb();
	const rows = await db
		.update(draftEdits)
		.set({ ...decision, decidedAt: sql`now()` })
		.where(and(eq(draftEdits.id, id), eq(draftEdits.status, 'proposed')))
		.returning({ id: draftEdits.id });
	return rows.length > 0;
}
