/** What the draft endpoints answer with: the shapes in lib/schemas/drafts.ts, built from rows. */
import type { DraftRole } from '../db/queries/draft-access';
import type { DraftSummary, DraftView } from '$lib/schemas/drafts';
import type { Draft } from '../db/schema';
import { findOwnerName, listDecisions, listVariants } from '../db/queries/drafts';
import {
	commentView,
	listComments,
	listDraftsAwaitingReview,
	listOwnDrafts,
	listReviewerViews
} from '../db/queries/draft-reviews';

/** GET /api/drafts: the person's drafts, and those waiting for their review. */
export async function draftLists(userId: string): Promise<{ drafts: DraftSummary[]; reviewing: DraftSummary[] }> {
	const [drafts, reviewing] = await Promise.all([listOwnDrafts(userId), listDraftsAwaitingReview(userId)]);
	return { drafts, reviewing };
}

/** The sign-off record: every decision, newest first, each naming its version. */
export async function approvalsOf(draftId: string): Promise<DraftView['approvals']> {
	return (await listDecisions(draftId)).map((d) => ({
		reviewerName: d.reviewerName,
		reviewerEmail: d.reviewerEmail,
		clinical: d.clinical,
		decision: d.decision,
		version: d.version,
		comment: d.comment,
		createdAt: d.createdAt.toISOString()
	}));
}

/** GET /api/drafts/{id}. */
export async function draftView(draft: Draft, role: DraftRole): Promise<DraftView> {
	const [approvals, reviewers, comments, variants, ownerName] = await Promise.all([
		approvalsOf(draft.id),
		listReviewerViews(draft.id),
		listComments(draft.id),
		listVariants(draft.id),
		findOwnerName(draft.userId)
	]);
	return {
		id: draft.id,
		title: draft.title,
		content: draft.content,
		version: draft.version,
		status: draft.status,
		chatId: draft.chatId,
		approvals,
		approvedVersion: draft.approvedVersion,
		needsClinicalReview: draft.needsClinicalReview,
		aiAssisted: draft.aiAssisted,
		role,
		ownerName,
		reviewers,
		comments: comments.map(commentView),
		variants: variants.map((v) => ({
			platform: v.platform,
			content: v.content,
			basedOnVersion: v.basedOnVersion,
			aiGenerated: v.aiGenerated,
			updatedAt: v.updatedAt.toISOString()
		})),
		createdAt: draft.createdAt.toISOString(),
		updatedAt: draft.updatedAt.toISOString()
	};
}
