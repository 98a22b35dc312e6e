/**
 * Who may see a draft: its author, and the people asked to review it. Everyone else finds nothing,
 * so another person's draft is indistinguishable from one that does not exist.
 */
import { and, eq } from 'drizzle-orm';
import { getDb } from '..';
import { draftReviewers, drafts, type Draft } from '../schema';
import { isUuid } from './chats';

export type DraftRole = 'author' | 'reviewer';
export type DraftAccess = { draft: Draft; role: DraftRole };

/** The draft and the person's role on it, or null when it does not exist or is not theirs to see. */
export async function findDraftAccess(draftId: string, userId: string): Promise<DraftAccess | null> {
	if (!isUuid(draftId)) return null;
	const db = await getDb();
	const [row] = await db
		.select({ draft: drafts, reviewerId: draftReviewers.reviewerId })
		.from(drafts)
		.leftJoin(draftReviewers, and(eq(draftReviewers.draftId, drafts.id), eq(draftReviewers.reviewerId, userId)))
		.where(eq(drafts.id, draftId))
		.limit(1);
	if (!row) return null;
	if (row.draft.userId === userId) return { draft: row.draft, role: 'author' };
	if (row.reviewerId) return { draft: row.draft, role: 'reviewer' };
	return null;
}
