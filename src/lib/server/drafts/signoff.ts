/**
 * Sign-off: the author asks colleagues in the organisation to review the current version; a reviewer
 * approves that exact version or asks for changes. Drafts on a topic that needs a clinician ask for at
 * least one clinical reviewer, and only a clinical reviewer's approval approves them.
 */
import { detectSensitiveTopics } from '$lib/governance/sensitive-topics';
import { decisionSchema, reviewRequestSchema, type DraftReviewerView } from '$lib/schemas/drafts';
import type { SessionUser } from '$lib/schemas/user';
import {
	clinicalApprovalExists,
	findActivePeopleByEmail,
	findDraft,
	findReviewer,
	isClinicalReviewer,
	listClinicalReviewers,
	listReviewerViews,
	recordDecision,
	requestReviews,
	type ReviewPerson
} from '../db/queries/draft-reviews';
import type { Draft } from '../db/schema';
import type { DraftRole } from '../db/queries/draft-access';
import { audit } from '../governance/audit';
import { notifyReviewers } from './signoff-mail';

type Ctx = { locals: { user: SessionUser | null; requestId?: string }; url: URL };
type Fail = { ok: false; status: 400 | 403 | 404; message: string };

/** The clinical topics the draft touches (empty when none needs a clinician). */
export function clinicalTopics(draft: Pick<Draft, 'title' | 'content'>) {
	return detectSensitiveTopics(`${draft.title}\n${draft.content}`).filter((t) => t.clinical);
}

function listNames(people: ReviewPerson[]): string {
	return people.map((p) => `${p.name}, ${p.email}`).join('; ');
}

async function clinicalMessage(draft: Draft, authorId: string): Promise<string> {
	const topic = clinicalTopics(draft)
		.map((t) => t.about)
		.join(' and ');
	const clinicians = await listClinicalReviewers(authorId);
	const who = clinicians.length
		? `clinical reviewers: ${listNames(clinicians)}`
		: 'no one is marked as a clinical reviewer yet: ask an administrator to mark one';
	return `This draft mentions ${topic}: ask at least one clinical reviewer (${who})`;
}

/** The reviewers named by email, or a message naming the addresses that are not active colleagues. */
async function resolveReviewers(emails: string[], author: SessionUser): Promise<ReviewPerson[] | Fail> {
	const unique = [...new Set(emails)];
	if (unique.includes(author.email.toLowerCase())) {
		return { ok: false, status: 400, message: 'You cannot review your own draft' };
	}
	const people = await findActivePeopleByEmail(unique);
	const found = new Set(people.map((p) => p.email.toLowerCase()));
	const missing = unique.filter((e) => !found.has(e));
	if (missing.length) {
		const list = missing.join(', ');
		return {
			ok: false,
			status: 400,
			message: `${list} ${missing.length === 1 ? 'is' : 'are'} not an active person in your organisation: check the email address`
		};
	}
	return people;
}

export type ReviewRequested = { reviewers: DraftReviewerView[]; status: 'in_review'; needsClinicalReview: boolean };

/** POST /api/drafts/{id}/review-requests, for the draft's author. */
export async function requestReview(
	event: Ctx,
	author: SessionUser,
	draft: Draft,
	input: unknown
): Promise<{ ok: true; value: ReviewRequested } | Fail> {
	const parsed = reviewRequestSchema.safeParse(input);
	if (!parsed.success) return { ok: false, status: 400, message: parsed.error.issues[0].message };
	const reviewers = await resolveReviewers(parsed.data.reviewerEmails, author);
	if (!Array.isArray(reviewers)) return reviewers;
	const needsClinicalReview = clinicalTopics(draft).length > 0;
	if (needsClinicalReview && !reviewers.some((r) => r.clinical)) {
		return { ok: false, status: 400, message: await clinicalMessage(draft, author.id) };
	}
	const message = parsed.data.message || null;
	await requestReviews({
		draftId: draft.id,
		requestedBy: author.id,
		version: draft.version,
		message,
		needsClinicalReview,
		reviewers
	});
	await audit(event, 'draft.review_requested', {
		targetType: 'draft',
		targetId: draft.id,
		details: { version: draft.version, reviewers: reviewers.length, clinical: needsClinicalReview }
	});
	notifyReviewers({ draft, author, reviewers, message, origin: event.url.origin });
	return {
		ok: true,
		value: { reviewers: await listReviewerViews(draft.id), status: 'in_review', needsClinicalReview }
	};
}

export type Decided = { status: Draft['status']; approvedVersion: number | null };
export type DecisionConflict = {
	ok: false;
	status: 409;
	message: string;
	current: { version: number; content: string };
};

function conflict(draft: Draft | undefined, requested: number): DecisionConflict | Fail {
	if (!draft) return { ok: false, status: 404, message: 'Draft not found' };
	const message =
		draft.version !== requested
			? `The draft has changed since you read it: version ${draft.version} is now the latest. Read it again before you decide.`
			: 'The author has taken this draft back to work on it: they will ask again when it is ready.';
	return { ok: false, status: 409, message, current: { version: draft.version, content: draft.content } };
}

/** POST /api/drafts/{id}/decision, for a person asked to review the draft. */
export async function decide(
	event: Ctx,
	user: SessionUser,
	access: { draft: Draft; role: DraftRole },
	input: unknown
): Promise<{ ok: true; value: Decided } | Fail | DecisionConflict> {
	// The author is told plainly why (400) before anything else: you cannot approve your own work.
	if (access.role === 'author') {
		return { ok: false, status: 400, message: 'You cannot approve or decide on your own draft: ask a colleague' };
	}
	const reviewerRow = await findReviewer(access.draft.id, user.id);
	if (!reviewerRow) return { ok: false, status: 403, message: 'Only a person asked to review this draft can decide' };
	const parsed = decisionSchema.safeParse(input);
	if (!parsed.success) return { ok: false, status: 400, message: parsed.error.issues[0].message };
	const { decision, version } = parsed.data;
	const comment = parsed.data.comment || null;
	if (decision === 'changes_requested' && !comment) {
		return { ok: false, status: 400, message: 'Say what needs to change, so the author knows what to do' };
	}
	const clinical = await isClinicalReviewer(user.id);
	const reviewer = { id: user.id, name: user.name, email: user.email, clinical };
	const approves =
		decision === 'approve' &&
		(!access.draft.needsClinicalReview || clinical || (await clinicalApprovalExists(access.draft.id, version)));
	const after = await recordDecision({ draftId: access.draft.id, version, decision, comment, reviewer, approves });
	if (!after) return conflict(await findDraft(access.draft.id), version);
	await audit(event, decision === 'approve' ? 'draft.approved' : 'draft.changes_requested', {
		targetType: 'draft',
		targetId: access.draft.id,
		details: { version, clinical, status: after.status }
	});
	return { ok: true, value: { status: after.status, approvedVersion: after.approvedVersion } };
}
