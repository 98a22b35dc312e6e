/**
 * Sign-off: who is asked to review a draft, their decisions, comments on passages, and the people who
 * may be asked (active people in the organisation, some marked as clinical reviewers).
 */
import { and, asc, desc, eq, ilike, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { DraftCommentView, DraftReviewerView, DraftStatusName, DraftSummary } from '$lib/schemas/drafts';
import { getDb } from '..';
import {
	draftComments,
	draftDecisions,
	draftReviewers,
	drafts,
	draftVersions,
	users,
	type Draft,
	type DraftComment,
	type ReviewDecision
} from '../schema';

export type ReviewPerson = { id: string; name: string; email: string; clinical: boolean };

const personColumns = { id: users.id, name: users.name, email: users.email, clinical: users.clinicalReviewer };

/** Active people with these (lower-cased) email addresses. */
export async function findActivePeopleByEmail(emails: string[]): Promise<ReviewPerson[]> {
	if (!emails.length) return [];
	const db = await getDb();
	return db
		.select(personColumns)
		.from(users)
		.where(and(inArray(sql`lower(${users.email})`, emails), isNull(users.deactivatedAt)));
}

/** Active people whose name or email contains `q` (everyone when empty), by name, at most `limit`. */
export async function searchActivePeople(q: string, exceptId: string, limit = 20): Promise<ReviewPerson[]> {
	const db = await getDb();
	const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	return db
		.select(personColumns)
		.from(users)
		.where(
			and(
				isNull(users.deactivatedAt),
				ne(users.id, exceptId),
				q ? or(ilike(users.name, like), ilike(users.email, like)) : undefined
			)
		)
		.orderBy(desc(users.clinicalReviewer), asc(users.name))
		.limit(limit);
}

/** Active people marked as clinical reviewers, by name. */
export async function listClinicalReviewers(exceptId: string): Promise<ReviewPerson[]> {
	const db = await getDb();
	return db
		.select(personColumns)
		.from(users)
		.where(and(isNull(users.deactivatedAt), eq(users.clinicalReviewer, true), ne(users.id, exceptId)))
		.orderBy(asc(users.name));
}

export async function isClinicalReviewer(userId: string): Promise<boolean> {
	const db = await getDb();
	const [row] = await db.select({ c: users.clinicalReviewer }).from(users).where(eq(users.id, userId));
	return Boolean(row?.c);
}

/** Marks or unmarks a person as a clinical reviewer; returns the value before. */
export async function setClinicalReviewer(userId: string, clinical: boolean): Promise<boolean | undefined> {
	const db = await getDb();
	const before = await db.select({ c: users.clinicalReviewer }).from(users).where(eq(users.id, userId));
	if (!before.length) return undefined;
	await db.update(users).set({ clinicalReviewer: clinical, updatedAt: new Date() }).where(eq(users.id, userId));
	return before[0].c;
}

/**
 * Asks these people to review the draft's current version (asking someone again starts a new round for
 * them) and puts the draft in review, in one transaction.
 */
export async function requestReviews(input: {
	draftId: string;
	requestedBy: string;
	version: number;
	message: string | null;
	needsClinicalReview: boolean;
	reviewers: ReviewPerson[];
}): Promise<void> {
	const db = await getDb();
	const now = new Date();
	await db.transaction(async (tx) => {
		for (const r of input.reviewers) {
			const row = {
				requestedBy: input.requestedBy,
				clinical: r.clinical,
				message: input.message,
				requestedVersion: input.version,
				requestedAt: now
			};
			await tx
				.insert(draftReviewers)
				.values({ draftId: input.draftId, reviewerId: r.id, ...row })
				.onConflictDoUpdate({ target: [draftReviewers.draftId, draftReviewers.reviewerId], set: row });
		}
		await tx
			.update(drafts)
			.set({ status: 'in_review', needsClinicalReview: input.needsClinicalReview })
			.where(eq(drafts.id, input.draftId));
	});
}

/** The people asked to review a draft, with their latest decision since they were (last) asked. */
export async function listReviewerViews(draftId: string): Promise<DraftReviewerView[]> {
	const db = await getDb();
	const rows = await db
		.select({
			name: users.name,
			email: users.email,
			clinical: draftReviewers.clinical,
			requestedVersion: draftReviewers.requestedVersion,
			requestedAt: draftReviewers.requestedAt,
			decision: sql<ReviewDecision | null>`(select d.decision from ${draftDecisions} d
				where d.draft_id = ${draftReviewers.draftId} and d.reviewer_id = ${draftReviewers.reviewerId}
				and d.created_at >= ${draftReviewers.requestedAt} order by d.created_at desc limit 1)`
		})
		.from(draftReviewers)
		.innerJoin(users, eq(users.id, draftReviewers.reviewerId))
		.where(eq(draftReviewers.draftId, draftId))
		.orderBy(asc(draftReviewers.requestedAt), asc(users.name));
	return rows.map((r) => ({ ...r, requestedAt: new Date(r.requestedAt).toISOString(), decision: r.decision ?? null }));
}

/** Whether the person has a row in draft_reviewers for this draft. */
export async function findReviewer(draftId: string, reviewerId: string) {
	const db = await getDb();
	const [row] = await db
		.select()
		.from(draftReviewers)
		.where(and(eq(draftReviewers.draftId, draftId), eq(draftReviewers.reviewerId, reviewerId)));
	return row;
}

export type DecisionInput = {
	draftId: string;
	version: number;
	decision: ReviewDecision;
	comment: string | null;
	reviewer: ReviewPerson;
	/** Approving moves the draft to approved (false while a clinician's approval is still needed). */
	approves: boolean;
};

/**
 * Records a decision on `version` and moves the draft's status, only if that version is still the
 * current one and the draft is with its reviewers: the version check and the change are one UPDATE.
 * Returns the draft after, or null when the condition failed (nothing is written).
 */
export async function recordDecision(input: DecisionInput): Promise<Draft | null> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const set =
			input.decision === 'changes_requested'
				? { status: 'draft' as const }
				: input.approves
					? { status: 'approved' as const, approvedVersion: input.version }
					: {};
		const [updated] = await tx
			.update(drafts)
			// Setting the version to itself keeps the statement an UPDATE (and its row lock) when nothing else changes.
			.set({ ...set, version: input.version })
			.where(
				and(
					eq(drafts.id, input.draftId),
					eq(drafts.version, input.version),
					inArray(drafts.status, ['in_review', 'approved'])
				)
			)
			.returning();
		if (!updated) return null;
		await tx.insert(draftDecisions).values({
			draftId: input.draftId,
			reviewerId: input.reviewer.id,
			reviewerName: input.reviewer.name,
			reviewerEmail: input.reviewer.email,
			clinical: input.reviewer.clinical,
			decision: input.decision,
			version: input.version,
			comment: input.comment
		});
		return updated;
	});
}

/** Whether a clinical reviewer has approved this version of the draft. */
export async function clinicalApprovalExists(draftId: string, version: number): Promise<boolean> {
	const db = await getDb();
	const [row] = await db
		.select({ id: draftDecisions.id })
		.from(draftDecisions)
		.where(
			and(
				eq(draftDecisions.draftId, draftId),
				eq(draftDecisions.version, version),
				eq(draftDecisions.decision, 'approve'),
				eq(draftDecisions.clinical, true)
			)
		)
		.limit(1);
	return Boolean(row);
}

export async function findDraft(draftId: string): Promise<Draft | undefined> {
	const db = await getDb();
	const [row] = await db.select().from(drafts).where(eq(drafts.id, draftId));
	return row;
}

/** The content of one saved version (the current content when versions were not kept for it). */
export async function versionContent(draft: Draft, version: number): Promise<string | undefined> {
	const db = await getDb();
	const [row] = await db
		.select({ content: draftVersions.content })
		.from(draftVersions)
		.where(and(eq(draftVersions.draftId, draft.id), eq(draftVersions.version, version)));
	if (row) return row.content;
	return version === draft.version ? draft.content : undefined;
}

export function commentView(c: DraftComment): DraftCommentView {
	return {
		id: c.id,
		authorName: c.authorName,
		version: c.version,
		start: c.start,
		end: c.end,
		quote: c.quote,
		body: c.body,
		resolved: c.resolvedAt !== null,
		createdAt: c.createdAt.toISOString()
	};
}

export async function insertComment(values: typeof draftComments.$inferInsert): Promise<DraftComment> {
	const db = await getDb();
	const [row] = await db.insert(draftComments).values(values).returning();
	return row;
}

export async function listComments(draftId: string): Promise<DraftComment[]> {
	const db = await getDb();
	return db
		.select()
		.from(draftComments)
		.where(eq(draftComments.draftId, draftId))
		.orderBy(asc(draftComments.createdAt));
}

/** Marks a comment on this draft resolved (once); undefined when the draft has no such comment. */
export async function resolveComment(draftId: string, commentId: string): Promise<DraftComment | undefined> {
	const db = await getDb();
	const [found] = await db
		.select()
		.from(draftComments)
		.where(and(eq(draftComments.draftId, draftId), eq(draftComments.id, commentId)));
	if (!found || found.resolvedAt) return found;
	const [row] = await db
		.update(draftComments)
		.set({ resolvedAt: new Date() })
		.where(eq(draftComments.id, commentId))
		.returning();
	return row;
}

function summary(r: {
	id: string;
	title: string;
	version: number;
	status: DraftStatusName;
	ownerName: string;
	updatedAt: Date;
}): DraftSummary {
	return { ...r, updatedAt: new Date(r.updatedAt).toISOString() };
}

const summaryColumns = {
	id: drafts.id,
	title: drafts.title,
	version: drafts.version,
	status: drafts.status,
	ownerName: users.name,
	updatedAt: drafts.updatedAt
};

/** The person's own drafts, most recently changed first. */
export async function listOwnDrafts(userId: string, limit = 200): Promise<DraftSummary[]> {
	const db = await getDb();
	const rows = await db
		.select(summaryColumns)
		.from(drafts)
		.innerJoin(users, eq(users.id, drafts.userId))
		.where(eq(drafts.userId, userId))
		.orderBy(desc(drafts.updatedAt))
		.limit(limit);
	return rows.map(summary);
}

/** Drafts in review that the person was asked to review and has not decided on since they were asked. */
export async function listDraftsAwaitingReview(userId: string, limit = 200): Promise<DraftSummary[]> {
	const db = await getDb();
	const rows = await db
		.select(summaryColumns)
		.from(draftReviewers)
		.innerJoin(drafts, eq(drafts.id, draftReviewers.draftId))
		.innerJoin(users, eq(users.id, drafts.userId))
		.where(
			and(
				eq(draftReviewers.reviewerId, userId),
				eq(drafts.status, 'in_review'),
				sql`not exists (select 1 from ${draftDecisions} d where d.draft_id = ${drafts.id}
					and d.reviewer_id = ${userId} and d.created_at >= ${draftReviewers.requestedAt})`
			)
		)
		.orderBy(desc(draftReviewers.requestedAt))
		.limit(limit);
	return rows.map(summary);
}

/**
 * Drafts first approved within [from, to), with the hours from their first review request to that
 * approval. The first request comes from the audit log (asking again moves draft_reviewers.requested_at
 * on), or the earliest request still on record when the log has none.
 */
export async function approvalsBetween(from: Date, to: Date): Promise<{ draftId: string; hours: number }[]> {
	const db = await getDb();
	const approvedAt = sql`min(${draftDecisions.createdAt})`;
	const requestedAt = sql`least(
		(select min(a.occurred_at) from audit_events a
			where a.action = 'draft.review_requested' and a.target_id = ${draftDecisions.draftId}::text),
		(select min(r.requested_at) from ${draftReviewers} r where r.draft_id = ${draftDecisions.draftId}))`;
	const rows = await db
		.select({
			draftId: draftDecisions.draftId,
			// Seconds, computed by the database: no driver-specific timestamp strings to parse.
			seconds: sql<
				string | number | null
			>`extract(epoch from (${approvedAt} - coalesce(${requestedAt}, ${approvedAt})))`
		})
		.from(draftDecisions)
		.where(eq(draftDecisions.decision, 'approve'))
		.groupBy(draftDecisions.draftId)
		.having(
			sql`${approvedAt} >= ${from.toISOString()}::timestamptz and ${approvedAt} < ${to.toISOString()}::timestamptz`
		);
	return rows.map((r) => ({ draftId: r.draftId, hours: Math.max(0, Number(r.seconds ?? 0)) / 3600 }));
}
