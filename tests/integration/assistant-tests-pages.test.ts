/**
 * The builder's test pages and the approval screen through their loads and form actions (issue 15):
 * the case form refuses bad input with messages on the fields, saves, changes and deletes cases; the
 * run action queues a run and the run page reads it back; other people's assistants are 404; the
 * approval screen has no evidence before a run and the run's results after it.
 */
import { describe, expect, it } from 'vitest';
import type { TestCaseView } from '$lib/schemas/evaluation';
import type { SessionUser } from '$lib/schemas/user';
import { sql } from 'drizzle-orm';
// Registers the evaluation job kind, as start-up does.
import '$lib/server/assistants/evaluation/runner';
import { runNextJob } from '$lib/server/jobs/worker';
import * as assistantsRoute from '../../src/routes/api/assistants/+server';
import * as oneAssistantRoute from '../../src/routes/api/assistants/[id]/+server';
import * as casesRoute from '../../src/routes/api/assistants/[id]/test-cases/+server';
import * as caseRoute from '../../src/routes/api/assistants/[id]/test-cases/[caseId]/+server';
import * as testsPage from '../../src/routes/(app)/assistants/[id]/tests/+page.server';
import * as newCasePage from '../../src/routes/(app)/assistants/[id]/tests/new/+page.server';
import * as editCasePage from '../../src/routes/(app)/assistants/[id]/tests/[caseId]/edit/+page.server';
import * as deleteCasePage from '../../src/routes/(app)/assistants/[id]/tests/[caseId]/delete/+page.server';
import * as runPage from '../../src/routes/(app)/assistants/[id]/tests/runs/[evaluationId]/+page.server';
import * as adminPage from '../../src/routes/(admin)/admin/assistants/+page.server';
import { callRoute, useChatFixture } from '../helpers/chat';
import { outcome, pageEvent } from '../helpers/forms';
import { queryRows } from '../helpers/test-db';

const fixture = useChatFixture('Tests pages');

type Fn = (event: never) => unknown;
const call = (
	fn: Fn,
	user: SessionUser,
	path: string,
	params: Record<string, string>,
	fields?: Record<string, string>
) => outcome(() => fn(pageEvent(user, path, { fields, params }) as never));

async function makeAssistant(user: SessionUser, visibility = 'private'): Promise<string> {
	const res = await callRoute(assistantsRoute.POST, {
		user,
		method: 'POST',
		path: '/api/assistants',
		body: {
			name: 'Clinic news',
			description: 'News about clinics',
			category: 'Media and press',
			instructions: 'Write a short news item about a clinic.',
			visibility,
			status: 'published',
			intake: {
				mode: 'form',
				questions: [{ id: 'audience', label: 'Who is it for?', type: 'single_choice', options: ['Patients', 'Staff'] }]
			}
		}
	});
	expect(res.status).toBe(201);
	return ((await res.json()) as { id: string }).id;
}

/** A case added through the API (a request about the flu clinic); returns its id. */
async function apiCase(user: SessionUser, id: string, body: { answers: Record<string, string>; expect: object }) {
	const created = await callRoute(casesRoute.POST, {
		user,
		method: 'POST',
		path: `/api/assistants/${id}/test-cases`,
		params: { id },
		body: { name: 'Answers audience', request: 'Write about the flu clinic', ...body }
	});
	expect(created.status).toBe(201);
	return ((await created.json()) as { id: string }).id;
}

/** Changes the assistant's questions through the API. */
async function changeIntake(user: SessionUser, id: string, intake: object): Promise<void> {
	const patched = await callRoute(oneAssistantRoute.PATCH, {
		user,
		method: 'PATCH',
		path: `/api/assistants/${id}`,
		params: { id },
		body: { intake }
	});
	expect(patched.status).toBe(200);
}

async function storedCase(user: SessionUser, id: string, caseId: string): Promise<TestCaseView> {
	const res = await callRoute(caseRoute.GET, {
		user,
		path: `/api/assistants/${id}/test-cases/${caseId}`,
		params: { id, caseId }
	});
	return (await res.json()) as TestCaseView;
}

async function drainJobs(): Promise<void> {
	for (let i = 0; i < 10; i++) {
		await queryRows(fixture.testDb.handle, sql`update jobs set run_after = now() where status = 'queued'`);
		if (!(await runNextJob())) return;
	}
}

describe('the tests pages', () => {
	it('adds, changes and deletes a case through the form, with errors on the fields', async () => {
		const { bob, alice } = fixture;
		const id = await makeAssistant(bob);
		const base = `/assistants/${id}/tests`;

		const empty = await call(newCasePage.actions.default, bob, `${base}/new`, { id }, {});
		expect(empty).toMatchObject({ kind: 'fail', status: 400 });
		expect(empty.kind === 'fail' && empty.data.errors).toEqual({
			name: 'Enter a name for the test case',
			request: 'Enter the request to test',
			expect: 'Say what a good response does: add at least one expectation'
		});

		const both = await call(
			newCasePage.actions.default,
			bob,
			`${base}/new`,
			{ id },
			{
				name: 'Asks the audience',
				request: 'Write about the clinic',
				asks: 'audience',
				mustNotAsk: 'audience'
			}
		);
		expect(both.kind === 'fail' && both.data.errors).toEqual({
			mustNotAsk: '“Who is it for?” cannot be both a question it must ask and one it must not ask'
		});

		const saved = await call(
			newCasePage.actions.default,
			bob,
			`${base}/new`,
			{ id },
			{
				name: 'Names the clinic',
				request: 'Write about the flu clinic',
				mustInclude: 'flu clinic\n\nbook',
				maxWords: '200'
			}
		);
		expect(saved).toEqual({ kind: 'redirect', status: 303, location: base });

		const page = await call(testsPage.load as Fn, bob, base, { id });
		expect(page.kind).toBe('data');
		const data = page.kind === 'data' ? (page.data as { cases: TestCaseView[]; can: Record<string, boolean> }) : null;
		expect(data?.cases.map((c) => [c.name, c.expect])).toEqual([
			['Names the clinic', { mustInclude: ['flu clinic', 'book'], maxWords: 200 }]
		]);
		expect(data?.can).toEqual({ editCases: true, run: true });
		const caseId = data!.cases[0].id;

		// Someone who cannot see the assistant gets 404 everywhere, the admin cannot see a private one either.
		for (const user of [alice]) {
			expect(await call(testsPage.load as Fn, user, base, { id })).toMatchObject({ kind: 'error', status: 404 });
		}

		const badNumber = await call(
			editCasePage.actions.default,
			bob,
			`${base}/${caseId}/edit`,
			{ id, caseId },
			{
				name: 'Names the clinic',
				request: 'Write about the flu clinic',
				mustInclude: 'flu clinic',
				maxWords: 'two hundred'
			}
		);
		expect(badNumber.kind === 'fail' && badNumber.data.errors).toEqual({ maxWords: 'The word limit must be a number' });
		const changed = await call(
			editCasePage.actions.default,
			bob,
			`${base}/${caseId}/edit`,
			{ id, caseId },
			{
				name: 'Names the flu clinic',
				request: 'Write about the flu clinic',
				mustAvoid: 'Monday'
			}
		);
		expect(changed).toEqual({ kind: 'redirect', status: 303, location: base });
		const edit = await call(editCasePage.load as Fn, bob, `${base}/${caseId}/edit`, { id, caseId });
		expect(edit.kind === 'data' && edit.data.draft).toMatchObject({
			name: 'Names the flu clinic',
			mustAvoid: 'Monday',
			mustInclude: ''
		});

		const deleted = await call(deleteCasePage.actions.default, bob, `${base}/${caseId}/delete`, { id, caseId });
		expect(deleted).toEqual({ kind: 'redirect', status: 303, location: base });
		expect(await call(editCasePage.load as Fn, bob, `${base}/${caseId}/edit`, { id, caseId })).toMatchObject({
			kind: 'error',
			status: 404
		});
	});

	it("keeps a case's answers and questions that the form does not list when the form is saved", async () => {
		const { bob } = fixture;
		const id = await makeAssistant(bob);
		// An answer to the assistant's question, set through the API; then the assistant turns conversational.
		const caseId = await apiCase(bob, id, { answers: { audience: 'Staff' }, expect: { maxWords: 150 } });
		await changeIntake(bob, id, { mode: 'conversational', questions: [] });
		const base = `/assistants/${id}/tests`;
		const edit = await call(editCasePage.load as Fn, bob, `${base}/${caseId}/edit`, { id, caseId });
		expect(edit.kind === 'data' && [edit.data.unlisted, edit.data.keepsUnlisted]).toEqual([['audience'], true]);
		const saved = await call(
			editCasePage.actions.default,
			bob,
			`${base}/${caseId}/edit`,
			{ id, caseId },
			{ name: 'Renamed in the form', request: 'Write about the flu clinic', maxWords: '150' }
		);
		expect(saved).toEqual({ kind: 'redirect', status: 303, location: base });
		expect(await storedCase(bob, id, caseId)).toMatchObject({
			name: 'Renamed in the form',
			answers: { audience: 'Staff' }
		});
	});

	it('drops answers to a question the assistant no longer asks when the form is saved, and says so first', async () => {
		const { bob } = fixture;
		const id = await makeAssistant(bob);
		const caseId = await apiCase(bob, id, {
			answers: { audience: 'Staff' },
			expect: { maxWords: 150, mustNotAsk: ['audience'] }
		});
		await changeIntake(bob, id, {
			mode: 'form',
			questions: [{ id: 'venue', label: 'Where is it?', type: 'short_text' }]
		});
		const base = `/assistants/${id}/tests`;
		const edit = await call(editCasePage.load as Fn, bob, `${base}/${caseId}/edit`, { id, caseId });
		expect(edit.kind === 'data' && [edit.data.unlisted, edit.data.keepsUnlisted]).toEqual([['audience'], false]);
		const saved = await call(
			editCasePage.actions.default,
			bob,
			`${base}/${caseId}/edit`,
			{ id, caseId },
			{ name: 'Answers audience', request: 'Write about the flu clinic', maxWords: '150' }
		);
		expect(saved).toEqual({ kind: 'redirect', status: 303, location: base });
		const after = await storedCase(bob, id, caseId);
		expect([after.answers, after.expect]).toEqual([{}, { maxWords: 150 }]);
	});

	it('queues a run from the page, shows it, and puts it on the approval screen', async () => {
		const { bob, alice, stub } = fixture;
		const id = await makeAssistant(bob, 'organisation');
		const base = `/assistants/${id}/tests`;

		const noCases = await call(testsPage.actions.run, bob, base, { id }, {});
		expect(noCases).toMatchObject({ kind: 'fail', status: 409 });

		const before = await call(adminPage.load as Fn, alice, '/admin/assistants', {});
		const pendingBefore = before.kind === 'data' ? (before.data.pending as { id: string; evidence: unknown }[]) : [];
		expect(pendingBefore.find((p) => p.id === id)?.evidence).toEqual({
			current: null,
			previous: null,
			inProgress: null,
			rows: []
		});

		await call(
			newCasePage.actions.default,
			bob,
			`${base}/new`,
			{ id },
			{
				name: 'Avoids the day',
				request: 'Write about the flu clinic',
				mustAvoid: 'Monday'
			}
		);
		const unknownModel = await call(testsPage.actions.run, bob, base, { id }, { model: 'no-such-model' });
		expect(unknownModel.kind === 'fail' && Object.keys(unknownModel.data.errors as object)).toEqual(['model']);

		const started = await call(testsPage.actions.run, bob, base, { id }, {});
		expect(started.kind).toBe('redirect');
		const evaluationId = started.kind === 'redirect' ? started.location.split('/').pop()! : '';
		expect(started.kind === 'redirect' && started.location).toBe(`${base}/runs/${evaluationId}`);

		const queued = await call(runPage.load as Fn, bob, `${base}/runs/${evaluationId}`, { id, evaluationId });
		expect(queued.kind === 'data' && (queued.data.run as { status: string }).status).toBe('queued');
		const during = await call(adminPage.load as Fn, alice, '/admin/assistants', {});
		const inProgress =
			during.kind === 'data' ? (during.data.pending as { id: string; evidence: { inProgress: unknown } }[]) : [];
		expect(inProgress.find((p) => p.id === id)?.evidence.inProgress).toEqual({ id: evaluationId });

		stub.next({ kind: 'answer', chunks: ['The flu clinic opens on Monday.'] });
		await drainJobs();
		const done = await call(runPage.load as Fn, bob, `${base}/runs/${evaluationId}`, { id, evaluationId });
		const run =
			done.kind === 'data'
				? (done.data.run as { status: string; passRate: number; results: { reasons: string[] }[] })
				: null;
		expect(run?.status).toBe('completed');
		expect(run?.passRate).toBe(0);
		expect(run?.results[0].reasons.join(' ')).toContain('Monday');

		const after = await call(adminPage.load as Fn, alice, '/admin/assistants', {});
		type Evidence = {
			current: { passRate: number; results: unknown[] } | null;
			rows: { name: string; change: string }[];
		};
		const evidence =
			after.kind === 'data'
				? (after.data.pending as { id: string; evidence: Evidence }[]).find((p) => p.id === id)?.evidence
				: null;
		expect(evidence?.current?.passRate).toBe(0);
		expect(evidence?.rows).toEqual([
			{
				name: 'Avoids the day',
				current: { passed: false, reasons: run!.results[0].reasons },
				previous: null,
				change: 'same'
			}
		]);
	});
});
