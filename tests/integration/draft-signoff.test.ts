/**
 * Sign-off through the real handlers: asking colleagues to review (only active people in the
 * organisation, never yourself, a clinical reviewer for clinical topics), decisions on an exact version
 * (the author cannot approve; a stale version is 409 and nothing is recorded), comments on passages,
 * the clinical-reviewer flag, the audit trail, the /drafts lists and the dashboard's approval figures.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftCommentView, DraftReviewerView } from '$lib/schemas/drafts';
import type { SessionUser } from '$lib/schemas/user';
import { listAuditEvents, searchAuditEvents } from '$lib/server/db/queries/audit';
import { describeAuditEvents } from '$lib/server/governance/audit-view';
import { listReviewerViews } from '$lib/server/db/queries/draft-reviews';
import { createUser } from '$lib/server/db/queries/users';
import { approvalTotals, median } from '$lib/server/governance/dashboard-approvals';
import { loadDashboard } from '$lib/server/governance/dashboard';
import * as reviewRoute from '../../src/routes/api/drafts/[id]/review-requests/+server';
import * as decisionRoute from '../../src/routes/api/drafts/[id]/decision/+server';
import * as commentsRoute from '../../src/routes/api/drafts/[id]/comments/+server';
import * as resolveRoute from '../../src/routes/api/drafts/[id]/comments/[commentId]/resolve/+server';
import * as reviewersRoute from '../../src/routes/api/people/reviewers/+server';
import * as clinicalRoute from '../../src/routes/api/admin/users/[id]/clinical-reviewer/+server';
import * as personPage from '../../src/routes/(admin)/admin/users/[id]/+page.server';
import * as draftsPage from '../../src/routes/(app)/drafts/+page.server';
import { callRoute } from '../helpers/chat';
import { draftRow, editDraft, insertDraft } from '../helpers/signoff-drafts';
import { outcome, pageEvent } from '../helpers/forms';
import { queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;
let ann: SessionUser; // the author
let rita: SessionUser; // a colleague asked to review
let cleo: SessionUser; // a clinician, marked as a clinical reviewer in the tests
let otto: SessionUser; // someone else in the organisation
let ada: SessionUser; // an administrator

async function person(email: string, name: string, role: 'admin' | 'member' = 'member'): Promise<SessionUser> {
	const u = await createUser({ email, name, passwordHash: 'not-a-hash', role });
	return { id: u.id, email: u.email, name: u.name, role: u.role };
}

beforeAll(async () => {
	testDb = await setupTestDatabase();
	ada = await person('ada.admin@nhs.net', 'Ada Admin', 'admin');
	ann = await person('ann.author@nhs.net', 'Ann Author');
	rita = await person('rita.reviewer@nhs.net', 'Rita Reviewer');
	cleo = await person('cleo.clinician@nhs.net', 'Cleo Clinician');
	otto = await person('otto.other@nhs.net', 'Otto Other');
	const dee = await person('dee.leaver@nhs.net', 'Dee Leaver');
	await testDb.handle.db.execute(sql`update users set deactivated_at = now() where id = ${dee.id}`);
});

afterAll(async () => {
	await testDb?.teardown();
});

type Json = Record<string, unknown> & { message?: string };
const ROUTINE = 'Our new staff car park opens on Monday. Park in the marked bays and show your permit.';
const CLINICAL = 'Parents: the recommended doses of the new medication for children with asthma have changed.';

async function call(
	route: { POST?: unknown; GET?: unknown },
	user: SessionUser | null,
	id: string,
	body?: unknown,
	extra: Record<string, string> = {}
) {
	const handler = (body === undefined ? route.GET : route.POST) as never;
	const res = await callRoute(handler, {
		user,
		method: body === undefined ? 'GET' : 'POST',
		path: `/api/drafts/${id}/x`,
		params: { id, ...extra },
		body
	});
	return { status: res.status, body: (await res.json()) as Json };
}

const ask = (user: SessionUser, id: string, body: unknown) => call(reviewRoute, user, id, body);
const decide = (user: SessionUser, id: string, body: unknown) => call(decisionRoute, user, id, body);
const comment = (user: SessionUser, id: string, body: unknown) => call(commentsRoute, user, id, body);

async function decisionsOn(id: string) {
	return queryRows<{ decision: string; version: number; reviewer_name: string }>(
		testDb.handle,
		sql`select decision, version, reviewer_name from draft_decisions where draft_id = ${id} order by created_at`
	);
}

async function setClinical(user: SessionUser, target: SessionUser, clinicalReviewer: unknown) {
	const res = await callRoute(clinicalRoute.PUT as never, {
		user,
		method: 'PUT',
		path: `/api/admin/users/${target.id}/clinical-reviewer`,
		params: { id: target.id },
		body: { clinicalReviewer }
	});
	return { status: res.status, body: (await res.json()) as Json };
}

describe('asking for a review', () => {
	it('accepts only active people in the organisation, never the author, and names the wrong address', async () => {
		const id = await insertDraft(testDb.handle, ann.id, { content: ROUTINE });
		const unknown = await ask(ann, id, { reviewerEmails: ['rita.reviewer@nhs.net', 'nobody@nhs.net'] });
		expect(unknown.status).toBe(400);
		expect(unknown.body.message).toContain('nobody@nhs.net');
		expect(unknown.body.message).toContain('not an active person in your organisation');
		const leaver = await ask(ann, id, { reviewerEmails: ['dee.leaver@nhs.net'] });
		expect(leaver.status).toBe(400);
		expect(leaver.body.message).toContain('dee.leaver@nhs.net');
		const self = await ask(ann, id, { reviewerEmails: ['Ann.Author@nhs.net'] });
		expect(self).toMatchObject({ status: 400, body: { message: 'You cannot review your own draft' } });
		expect((await ask(ann, id, { reviewerEmails: [] })).body.message).toBe('Choose at least one reviewer');
		expect((await draftRow(testDb.handle, id)).status).toBe('draft');
		expect(await listReviewerViews(id)).toEqual([]);
	});

	it('puts the draft in review for the named version, and only the author may ask', async () => {
		const id = await insertDraft(testDb.handle, ann.id, { content: ROUTINE });
		expect((await ask(otto, id, { reviewerEmails: ['rita.reviewer@nhs.net'] })).status).toBe(404);
		expect((await ask(rita, id, { reviewerEmails: ['otto.other@nhs.net'] })).status).toBe(404);
		const res = await ask(ann, id, { reviewerEmails: [' RITA.reviewer@nhs.net '], message: 'Please check the tone' });
		expect(res.status).toBe(201);
		expect(res.body.status).toBe('in_review');
		const reviewers = res.body.reviewers as DraftReviewerView[];
		expect(reviewers).toHaveLength(1);
		expect(reviewers[0]).toMatchObject({
			name: 'Rita Reviewer',
			email: 'rita.reviewer@nhs.net',
			requestedVersion: 1,
			decision: null
		});
		expect((await draftRow(testDb.handle, id)).status).toBe('in_review');
		// Now Rita can see it, but asking others is the author's job.
		expect((await ask(rita, id, { reviewerEmails: ['otto.other@nhs.net'] })).status).toBe(403);
		// Asked again after an edit: one row, moved on to the new version.
		await editDraft(testDb.handle, id, `${ROUTINE} Bays are numbered.`);
		expect((await ask(ann, id, { reviewerEmails: ['rita.reviewer@nhs.net'] })).status).toBe(201);
		expect((await listReviewerViews(id)).map((r) => r.requestedVersion)).toEqual([2]);
		const audit = await listAuditEvents({ action: 'draft.review_requested' });
		expect(audit.filter((e) => e.targetId === id)).toHaveLength(2);
		expect(audit[0]).toMatchObject({ actorId: ann.id, targetType: 'draft', details: { version: 2, reviewers: 1 } });
	});

	it('asks for a clinical reviewer when the draft gives clinical advice, listing who can be asked', async () => {
		const id = await insertDraft(testDb.handle, ann.id, { title: 'Asthma medication', content: CLINICAL });
		const none = await ask(ann, id, { reviewerEmails: ['rita.reviewer@nhs.net'] });
		expect(none.status).toBe(400);
		expect(none.body.message).toMatch(/^This draft mentions clinical advice: ask at least one clinical reviewer \(/);
		expect(none.body.message).toContain('ask an administrator to mark one');

		expect((await setClinical(rita, cleo, true)).status).toBe(403);
		expect((await setClinical(ada, cleo, 'yes')).status).toBe(400);
		expect(await setClinical(ada, cleo, true)).toEqual({
			status: 200,
			body: { id: cleo.id, clinicalReviewer: true }
		});
		const listed = await ask(ann, id, { reviewerEmails: ['rita.reviewer@nhs.net'] });
		expect(listed.body.message).toContain('Cleo Clinician, cleo.clinician@nhs.net');

		const res = await ask(ann, id, { reviewerEmails: ['rita.reviewer@nhs.net', 'cleo.clinician@nhs.net'] });
		expect(res.status).toBe(201);
		expect(res.body.needsClinicalReview).toBe(true);
		expect((await draftRow(testDb.handle, id)).needsClinicalReview).toBe(true);

		// A colleague's approval is recorded, but only the clinician's approves the draft.
		expect(await decide(rita, id, { decision: 'approve', version: 1 })).toEqual({
			status: 200,
			body: { status: 'in_review', approvedVersion: null }
		});
		expect(await decide(cleo, id, { decision: 'approve', version: 1, comment: 'Doses checked' })).toEqual({
			status: 200,
			body: { status: 'approved', approvedVersion: 1 }
		});
		const clinical = await queryRows<{ clinical: boolean; reviewer_email: string }>(
			testDb.handle,
			sql`select clinical, reviewer_email from draft_decisions where draft_id = ${id} order by created_at`
		);
		expect(clinical).toEqual([
			{ clinical: false, reviewer_email: 'rita.reviewer@nhs.net' },
			{ clinical: true, reviewer_email: 'cleo.clinician@nhs.net' }
		]);
	});
});

describe('deciding on a draft', () => {
	let id: string;
	beforeAll(async () => {
		id = await insertDraft(testDb.handle, ann.id, { title: 'Car park', content: ROUTINE });
		expect((await ask(ann, id, { reviewerEmails: ['rita.reviewer@nhs.net'] })).status).toBe(201);
	});

	it('does not let the author approve their own draft, and hides it from everyone else', async () => {
		const own = await decide(ann, id, { decision: 'approve', version: 1 });
		expect(own.status).toBe(400);
		expect(own.body.message).toContain('your own draft');
		expect((await decide(otto, id, { decision: 'approve', version: 1 })).status).toBe(404);
		expect((await decide(rita, id, { decision: 'maybe', version: 1 })).status).toBe(400);
		expect(await decisionsOn(id)).toEqual([]);
	});

	it('needs a comment to ask for changes, then returns the draft to its author', async () => {
		const bare = await decide(rita, id, { decision: 'changes_requested', version: 1 });
		expect(bare.status).toBe(400);
		expect(bare.body.message).toContain('Say what needs to change');
		const res = await decide(rita, id, { decision: 'changes_requested', version: 1, comment: 'Say which car park' });
		expect(res).toEqual({ status: 200, body: { status: 'draft', approvedVersion: null } });
		expect((await draftRow(testDb.handle, id)).status).toBe('draft');
		expect((await listReviewerViews(id))[0].decision).toBe('changes_requested');
	});

	it('refuses a decision on a version that is no longer the latest (409), recording nothing', async () => {
		const v2 = await editDraft(testDb.handle, id, `${ROUTINE} It is the north car park.`);
		expect((await ask(ann, id, { reviewerEmails: ['rita.reviewer@nhs.net'] })).status).toBe(201);
		expect((await listReviewerViews(id))[0].decision).toBeNull();
		const stale = await decide(rita, id, { decision: 'approve', version: 1 });
		expect(stale.status).toBe(409);
		expect(stale.body.message).toMatch(/^The draft has changed since you read it/);
		expect(stale.body.current).toEqual({ version: v2, content: `${ROUTINE} It is the north car park.` });
		expect((await decisionsOn(id)).map((d) => d.decision)).toEqual(['changes_requested']);
		expect((await draftRow(testDb.handle, id)).status).toBe('in_review');
	});

	it('approves the exact version the reviewer read', async () => {
		const res = await decide(rita, id, { decision: 'approve', version: 2, comment: 'Clear' });
		expect(res).toEqual({ status: 200, body: { status: 'approved', approvedVersion: 2 } });
		const row = await draftRow(testDb.handle, id);
		expect(row).toMatchObject({ status: 'approved', approvedVersion: 2, version: 2 });
		expect(await decisionsOn(id)).toEqual([
			{ decision: 'changes_requested', version: 1, reviewer_name: 'Rita Reviewer' },
			{ decision: 'approve', version: 2, reviewer_name: 'Rita Reviewer' }
		]);
		const approved = await listAuditEvents({ action: 'draft.approved' });
		expect(approved.find((e) => e.targetId === id)).toMatchObject({ actorId: rita.id, details: { version: 2 } });
		expect((await listAuditEvents({ action: 'draft.changes_requested' })).some((e) => e.targetId === id)).toBe(true);
		// The audit screen says it in plain words, naming the reviewer but not the draft's private title.
		const { events } = await searchAuditEvents({ action: 'draft.approved', limit: 50, offset: 0 });
		const described = (await describeAuditEvents(events)).find((r) => r.target?.id === id);
		expect(described).toMatchObject({
			actor: { label: 'Rita Reviewer' },
			actionLabel: 'Approved a draft',
			target: { label: `A draft (reference ${id.slice(0, 8)})` }
		});
		expect(JSON.stringify(described)).not.toContain('Car park');
	});

	it('refuses the stale one of two approvals sent at the same time, keeping the current version approved', async () => {
		const v3 = await editDraft(testDb.handle, id, `${ROUTINE} Version three.`);
		expect((await ask(ann, id, { reviewerEmails: ['rita.reviewer@nhs.net'] })).status).toBe(201);
		const [a, b] = await Promise.all([
			decide(rita, id, { decision: 'approve', version: v3 }),
			decide(rita, id, { decision: 'approve', version: v3 - 1 })
		]);
		expect([a.status, b.status]).toEqual([200, 409]);
		expect((await draftRow(testDb.handle, id)).approvedVersion).toBe(v3);
	});
});

describe('comments on passages', () => {
	let id: string;
	beforeAll(async () => {
		id = await insertDraft(testDb.handle, ann.id, { title: 'Parking', content: ROUTINE });
		expect((await ask(ann, id, { reviewerEmails: ['rita.reviewer@nhs.net'] })).status).toBe(201);
	});

	it('quotes the passage from the version commented on, for the author and reviewers only', async () => {
		const start = ROUTINE.indexOf('marked bays');
		const res = await comment(rita, id, { version: 1, start, end: start + 11, body: 'Which colour are they?' });
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({ authorName: 'Rita Reviewer', quote: 'marked bays', resolved: false, version: 1 });
		// The draft moves on; a comment on version 1 still quotes version 1.
		await editDraft(testDb.handle, id, `Changed. ${ROUTINE}`);
		const old = await comment(ann, id, { version: 1, start: 0, end: 3, body: 'Keep this opening' });
		expect(old.body.quote).toBe('Our');
		expect((await comment(otto, id, { version: 1, start: 0, end: 3, body: 'Hi' })).status).toBe(404);
		const listed = await call(commentsRoute, rita, id);
		expect((listed.body.comments as DraftCommentView[]).map((c) => c.quote)).toEqual(['marked bays', 'Our']);
	});

	it('refuses passages outside the version and versions that do not exist, saying why', async () => {
		const outside = await comment(rita, id, { version: 1, start: 0, end: ROUTINE.length + 1, body: 'Too far' });
		expect(outside.status).toBe(400);
		expect(outside.body.message).toContain(`which has ${ROUTINE.length} characters`);
		const future = await comment(rita, id, { version: 9, start: 0, end: 2, body: 'Hm' });
		expect(future.status).toBe(400);
		expect(future.body.message).toContain('There is no version 9');
		const empty = await comment(rita, id, { version: 1, start: 4, end: 4, body: 'Nothing selected' });
		expect(empty.body.message).toBe('Select the passage the comment is about');
		expect((await comment(rita, id, { version: 1, start: 0, end: 2, body: '  ' })).body.message).toBe(
			'Write a comment'
		);
	});

	it('lets the author resolve a comment (reviewers cannot)', async () => {
		const made = await comment(rita, id, { version: 1, start: 0, end: 3, body: 'Resolve me' });
		const commentId = made.body.id as string;
		expect((await call(resolveRoute, rita, id, {}, { commentId })).status).toBe(403);
		expect((await call(resolveRoute, ann, id, {}, { commentId: '00000000-0000-4000-8000-000000000000' })).status).toBe(
			404
		);
		const done = await call(resolveRoute, ann, id, {}, { commentId });
		expect(done).toMatchObject({ status: 200, body: { id: commentId, resolved: true } });
		const actions = (await listAuditEvents({ limit: 500 })).filter((e) => e.targetId === id).map((e) => e.action);
		expect(actions).toEqual(
			expect.arrayContaining(['draft.review_requested', 'draft.commented', 'draft.comment_resolved'])
		);
	});
});

describe('people who can be asked', () => {
	it('offers active colleagues with only their name, email and clinical flag', async () => {
		const res = await callRoute(reviewersRoute.GET as never, { user: ann, path: '/api/people/reviewers?q=nhs.net' });
		const { people } = (await res.json()) as { people: Record<string, unknown>[] };
		const emails = people.map((p) => p.email);
		expect(emails).toContain('rita.reviewer@nhs.net');
		expect(emails).not.toContain('ann.author@nhs.net');
		expect(emails).not.toContain('dee.leaver@nhs.net');
		expect(Object.keys(people[0]).sort()).toEqual(['clinical', 'email', 'name']);
		expect(people[0]).toMatchObject({ email: 'cleo.clinician@nhs.net', clinical: true });
		const q = await callRoute(reviewersRoute.GET as never, { user: ann, path: '/api/people/reviewers?q=RITA' });
		expect(((await q.json()) as { people: unknown[] }).people).toEqual([
			{ name: 'Rita Reviewer', email: 'rita.reviewer@nhs.net', clinical: false }
		]);
		const anon = await callRoute(reviewersRoute.GET as never, { user: null, path: '/api/people/reviewers' });
		expect(anon.status).toBe(401);
	});

	it('lets an administrator mark a clinical reviewer on the person page, with an audit event', async () => {
		const mark = (user: SessionUser, fields: Record<string, string>) =>
			outcome(() =>
				personPage.actions.clinical(
					pageEvent(user, `/admin/users/${otto.id}?/clinical`, { fields, params: { id: otto.id } }) as never
				)
			);
		expect(await mark(rita, { clinicalReviewer: 'yes' })).toMatchObject({ kind: 'error', status: 403 });
		expect(await mark(ada, { clinicalReviewer: 'yes' })).toMatchObject({
			kind: 'data',
			data: { message: 'Otto Other is now a clinical reviewer' }
		});
		const page = await outcome(() =>
			personPage.load(pageEvent(ada, `/admin/users/${otto.id}`, { params: { id: otto.id } }) as never)
		);
		expect(page).toMatchObject({ kind: 'data', data: { clinicalReviewer: true } });
		expect(await mark(ada, {})).toMatchObject({ data: { message: 'Otto Other is no longer a clinical reviewer' } });
		const events = (await listAuditEvents({ action: 'user.clinical_reviewer_changed' })).filter(
			(e) => e.targetId === otto.id
		);
		expect(events.map((e) => e.details)).toEqual([
			{ before: { clinicalReviewer: true }, after: { clinicalReviewer: false } },
			{ before: { clinicalReviewer: false }, after: { clinicalReviewer: true } }
		]);
	});
});

describe('the /drafts page', () => {
	it('lists your own drafts, and drafts waiting for your review until you decide', async () => {
		const id = await insertDraft(testDb.handle, otto.id, { title: 'Otto’s bulletin', content: ROUTINE });
		const load = async (user: SessionUser) => {
			const r = await outcome(() => draftsPage.load(pageEvent(user, '/drafts') as never));
			if (r.kind !== 'data') throw new Error(JSON.stringify(r));
			return r.data as { mine: { id: string }[]; toReview: { id: string; ownerName: string; status: string }[] };
		};
		expect((await load(otto)).mine.map((d) => d.id)).toContain(id);
		expect((await load(rita)).toReview.map((d) => d.id)).not.toContain(id);
		expect((await ask(otto, id, { reviewerEmails: ['rita.reviewer@nhs.net'] })).status).toBe(201);
		const waiting = (await load(rita)).toReview.find((d) => d.id === id);
		expect(waiting).toMatchObject({ ownerName: 'Otto Other', status: 'in_review' });
		expect((await load(ann)).toReview.map((d) => d.id)).not.toContain(id);
		expect((await load(rita)).mine.map((d) => d.id)).not.toContain(id);
		await decide(rita, id, { decision: 'approve', version: 1 });
		expect((await load(rita)).toReview.map((d) => d.id)).not.toContain(id);
		const anon = await outcome(() => draftsPage.load(pageEvent(null, '/drafts') as never));
		expect(anon.kind).toBe('redirect');
	});
});

describe('the dashboard', () => {
	it('counts drafts approved in the range and the median time from first request to approval', async () => {
		expect(median([])).toBeNull();
		expect(median([3, 1, 2])).toBe(2);
		expect(median([4, 1, 2, 3])).toBe(2.5);
		const far = { from: '2025-01-01', to: '2025-01-31' };
		expect(await approvalTotals(far)).toEqual({ draftsApproved: 0, medianHoursToApproval: null });
		// Three drafts approved in January 2025 after 2, 4 and 30 hours; a fourth in February.
		const hours = [2, 4, 30, 1];
		for (const [i, h] of hours.entries()) {
			const id = await insertDraft(testDb.handle, ann.id, { title: `Old ${i}`, content: ROUTINE });
			expect((await ask(ann, id, { reviewerEmails: ['rita.reviewer@nhs.net'] })).status).toBe(201);
			expect((await decide(rita, id, { decision: 'approve', version: 1 })).status).toBe(200);
			const asked = i < 3 ? `2025-01-1${i}T09:00:00Z` : '2025-02-03T09:00:00Z';
			// The audit log is append-only (its request is stamped now, later than this): the earlier of the two counts.
			await testDb.handle.db.execute(sql`update draft_reviewers set requested_at = ${asked}::timestamptz
				where draft_id = ${id}`);
			await testDb.handle.db.execute(sql`update draft_decisions
				set created_at = ${asked}::timestamptz + make_interval(hours => ${h}) where draft_id = ${id}`);
		}
		expect(await approvalTotals(far)).toEqual({ draftsApproved: 3, medianHoursToApproval: 4 });
		const { summary } = await loadDashboard({ from: '2025-01-01', to: '2025-02-28' });
		expect(summary).toMatchObject({ draftsApproved: 4, medianHoursToApproval: 3 });
	});
});
