/** What the draft endpoints answer with: the shapes in lib/schemas/drafts.ts, built from rows. */
import type { DraftRole } from '../db/queries/draft-access';
import type { DraftStatusName, DraftSummary, DraftView } from '$lib/schemas/drafts';
import type { Draft } from '../db/schema';
import {
	findOwnerName,
	listComments,
	listDecisions,
	listOwnDrafts,
	listDraftsAwaitingReview,
	listReviewers,
	listVariants
} from '../db/queries/drafts';

type SummaryRow = Awaited<ReturnType<typeof listOwnDrafts>>[number];

function summary(row: SummaryRow): DraftSummary {
	return { ...row, status: row.status as DraftStatusName, updatedAt: row.updatedAt.toISOString() };
}

/** GET /api/drafts: the person's drafts, and those waiting for their review. */
export async function draftLists(userId: string): Promise<{ drafts: DraftSummary[]; reviewing: DraftSummary[] }> {
	const [own, reviewing] = await Promise.all([listOwnDrafts(userId), listDraftsAwaitingReview(userId)]);
	return { drafts: own.map(summary), reviewing: reviewing.map(summary) };
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
		listReviewers(draft.id),
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
		reviewers: reviewers.map((r) => ({
			name: r.name,
			email: r.email,
			clinical: r.clinical,
			requestedVersion: r.requestedVersion,
			requestedAt: r.requestedAt.toISOString(),
			decision: r.decision ?? null
		})),
		comments: comments.map((c) => ({
			id: c.id,
			authorName: c.authorName,
			version: c.version,
			start: c.start,
			end: c.end,
			quote: c.quote,
			body: c.body,
			resolved: c.resolvedAt !== null,
			createdAt: c.createdAt.toISOString()
		})),
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
