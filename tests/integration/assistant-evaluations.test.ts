/**
 * Assistant test cases and evaluation runs (issue 15), through the route handlers and the real job
 * queue, with the OpenAI stub as the model: a case that must pass passes, one that must fail fails
 * with a reason naming the phrase, a rubric is scored apart, a model that stays down fails the run
 * with the reason, approval waits for an evaluation of the version, and other people's assistants
 * are 404.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { SessionUser } from '$lib/schemas/user';
import type { EvaluationView, TestCaseView } from '$lib/schemas/evaluation';
import { queueInclusiveAudit, useInclusiveAuditFile } from '$lib/server/assistants/evaluation/runner';
import { approvalEvaluations } from '$lib/server/assistants/evaluation/gate';
import { syncBuiltinCases } from '$lib/server/assistants/evaluation/sync';
import { loadBuiltinAssistants } from '$lib/server/assistants/builtins';
import { addTeamMember, createTeamWithOwner } from '$lib/server/db/queries/teams';
import { createUser } from '$lib/server/db/queries/users';
import { seedStyleRules } from '$lib/server/governance/style-rules';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import { runNextJob } from '$lib/server/jobs/worker';
import type { StubRequest } from '../helpers/openai-stub';
import * as assistantsRoute from '../../src/routes/api/assistants/+server';
import * as oneAssistantRoute from '../../src/routes/api/assistants/[id]/+server';
import * as approvalRoute from '../../src/routes/api/assistants/[id]/approval/+server';
import * as casesRoute from '../../src/routes/api/assistants/[id]/test-cases/+server';
import * as caseRoute from '../../src/routes/api/assistants/[id]/test-cases/[caseId]/+server';
import * as runsRoute from '../../src/routes/api/assistants/[id]/evaluations/+server';
import * as runRoute from '../../src/routes/api/assistants/[id]/evaluations/[evaluationId]/+server';
import * as adminPage from '../../src/routes/(admin)/admin/assistants/+page.server';
import { callRoute, useChatFixture } from '../helpers/chat';
import { callAction } from '../helpers/forms';
import { queryRows } from '../helpers/test-db';

const fixture = useChatFixture('Evaluation');

const QUESTIONS = [
	{ id: 'audience', label: 'Who is it for?', type: 'single_choice', options: ['Public', 'Staff'], required: true },
	{ id: 'key_message', label: 'What is the key message?', type: 'long_text', required: true }
];

const isExtraction = (r: StubRequest) =>
	r.messages.some((m) => m.content.includes('which questions it already answers'));
const isJudge = (r: StubRequest) => r.messages.some((m) => m.content.includes('Score it against'));

async function makeAssistant(user: SessionUser, overrides: Record<string, unknown> = {}): Promise<string> {
	const res = await callRoute(assistantsRoute.POST, {
		user,
		method: 'POST',
		path: '/api/assistants',
		body: {
			name: 'Urgent care messages',
			description: 'Writes messages about urgent care',
			category: 'Media and press',
			instructions: 'Write a short message for the public about urgent care.',
			visibility: 'private',
			status: 'published',
			intake: { mode: 'form', questions: QUESTIONS },
			...overrides
		}
	});
	expect(res.status).toBe(201);
	return ((await res.json()) as { id: string }).id;
}

const listCases = (user: SessionUser, id: string) =>
	callRoute(casesRoute.GET, { user, path: `/api/assistants/${id}/test-cases`, params: { id } });
const addCase = (user: SessionUser, id: string, body: unknown) =>
	callRoute(casesRoute.POST, { user, method: 'POST', path: `/api/assistants/${id}/test-cases`, params: { id }, body });
const startRun = (user: SessionUser, id: string, body: unknown = {}) =>
	callRoute(runsRoute.POST, { user, method: 'POST', path: `/api/assistants/${id}/evaluations`, params: { id }, body });
const getRun = (user: SessionUser, id: string, evaluationId: string) =>
	callRoute(runRoute.GET, {
		user,
		path: `/api/assistants/${id}/evaluations/${evaluationId}`,
		params: { id, evaluationId }
	});
const approve = (user: SessionUser, id: string) =>
	callRoute(approvalRoute.POST, {
		user,
		method: 'POST',
		path: `/api/assistants/${id}/approval`,
		params: { id },
		body: { decision: 'approve' }
	});

/** Runs queued jobs until none is due (retries are made due at once, rather than after their pause). */
async function drainJobs(): Promise<void> {
	for (let i = 0; i < 10; i++) {
		await queryRows(fixture.testDb.handle, sql`update jobs set run_after = now() where status = 'queued'`);
		if (!(await runNextJob())) return;
	}
}

async function runView(user: SessionUser, id: string, evaluationId: string): Promise<EvaluationView> {
	const res = await getRun(user, id, evaluationId);
	expect(res.status).toBe(200);
	return (await res.json()) as EvaluationView;
}

const MUST_PASS = {
	name: 'Points people to NHS 111',
	request: 'A message for the public about where to get urgent help',
	answers: { key_message: 'Use NHS 111 when you need help fast' },
	expect: { mustInclude: ['NHS 111'], mustAvoid: ['patients'], asks: ['key_message'], mustNotAsk: ['audience'] }
};
const MUST_FAIL = {
	name: 'Mentions Pharmacy First',
	request: 'A message for the public about where to get urgent help',
	expect: { mustInclude: ['Pharmacy First'] }
};

describe('test cases', () => {
	it('adds, lists, changes and removes cases, refusing bad input with a reason', async () => {
		const { alice } = fixture;
		const id = await makeAssistant(alice);
		expect(await (await listCases(alice, id)).json()).toEqual({ testCases: [] });

		const empty = await addCase(alice, id, { name: 'x', request: 'y', expect: {} });
		expect(empty.status).toBe(400);
		expect(((await empty.json()) as { message: string }).message).toMatch(/add at least one expectation/);
		const unknownQuestion = await addCase(alice, id, { name: 'x', request: 'y', expect: { asks: ['spokesperson'] } });
		expect(unknownQuestion.status).toBe(400);
		expect(((await unknownQuestion.json()) as { message: string }).message).toContain(
			'"spokesperson" is not a question'
		);
		const notJson = await addCase(alice, id, '{');
		expect(notJson.status).toBe(400);
		// A case is kept and sent to the model on every run, so personal data in it is refused, named.
		const personal = await addCase(alice, id, {
			...MUST_PASS,
			request: 'Write to the patient with NHS number 943 476 5919 about their appointment.'
		});
		expect(personal.status).toBe(400);
		expect(((await personal.json()) as { message: string }).message).toMatch(
			/^request: This has personal data in it \(1 NHS number\)/
		);

		const created = await addCase(alice, id, MUST_PASS);
		expect(created.status).toBe(201);
		const testCase = (await created.json()) as TestCaseView;
		const listed = (await (await listCases(alice, id)).json()) as { testCases: TestCaseView[] };
		expect(listed.testCases).toEqual([
			{
				id: testCase.id,
				name: MUST_PASS.name,
				request: MUST_PASS.request,
				answers: MUST_PASS.answers,
				expect: MUST_PASS.expect,
				builtin: false
			}
		]);

		const params = { id, caseId: testCase.id };
		const path = `/api/assistants/${id}/test-cases/${testCase.id}`;
		const patched = await callRoute(caseRoute.PATCH, {
			user: alice,
			method: 'PATCH',
			path,
			params,
			body: { name: 'Renamed' }
		});
		expect(patched.status).toBe(200);
		expect(((await patched.json()) as TestCaseView).name).toBe('Renamed');
		const badPatch = await callRoute(caseRoute.PATCH, {
			user: alice,
			method: 'PATCH',
			path,
			params,
			body: { expect: { maxWords: 0 } }
		});
		expect(badPatch.status).toBe(400);
		expect(((await badPatch.json()) as { message: string }).message).toContain('The word limit must be at least 1');
		const personalPatch = await callRoute(caseRoute.PATCH, {
			user: alice,
			method: 'PATCH',
			path,
			params,
			body: { expect: { ...MUST_PASS.expect, rubric: 'Mentions jo.bloggs@example.com' } }
		});
		expect(personalPatch.status).toBe(400);
		expect(((await personalPatch.json()) as { message: string }).message).toMatch(/^expect\.rubric: .*1 email address/);
		expect((await callRoute(caseRoute.DELETE, { user: alice, method: 'DELETE', path, params })).status).toBe(204);
		expect((await callRoute(caseRoute.GET, { user: alice, path, params })).status).toBe(404);
	});

	it('refuses cases that could never pass or decide nothing, unknown fields and personal data anywhere', async () => {
		const { alice } = fixture;
		const id = await makeAssistant(alice);
		const refused = async (body: unknown) => {
			const res = await addCase(alice, id, body);
			expect(res.status).toBe(400);
			return ((await res.json()) as { message: string }).message;
		};
		expect(await refused({ name: 'x', request: 'y', expect: { rubric: 'Warm and clear' } })).toMatch(
			/^expect: A rubric is scored apart and never decides a pass: add at least one check/
		);
		expect(
			await refused({ name: 'x', request: 'y', expect: { mustInclude: ['NHS 111'], mustAvoid: ['nhs  111'] } })
		).toMatch(/^expect\.mustAvoid: "NHS 111" is in both Must include and Must avoid/);
		// As the checks compare phrases: an output with "call NHS 111" in it also has "NHS 111".
		expect(
			await refused({ name: 'x', request: 'y', expect: { mustInclude: ['Call NHS 111'], mustAvoid: ['nhs 111'] } })
		).toBe(
			'expect.mustAvoid: Must include "Call NHS 111" contains "nhs 111", which it must avoid, so the case could never pass'
		);
		expect(
			await refused({ name: 'x', request: 'y', expect: { asks: ['audience'], mustNotAsk: ['audience'] } })
		).toMatch(/^expect\.mustNotAsk: The question audience is in both/);
		expect(await refused({ name: 'x', request: 'y', expect: { maxWords: 50_000 } })).toBe(
			'expect.maxWords: The word limit must be 20,000 words or fewer'
		);
		expect(await refused({ nmae: 'x', name: 'x', request: 'y', expect: { maxWords: 5 } })).toBe(
			'form: A test case has no nmae: it takes name, request, answers and expect'
		);
		expect(await refused({ name: 'x', request: 'y', expect: { maxWords: 5, colour: 'blue' } })).toMatch(
			/^expect: expect has no colour: it takes mustInclude/
		);
		const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`q${i}`, 'x']));
		expect(await refused({ name: 'x', request: 'y', answers: many, expect: { maxWords: 5 } })).toBe(
			'answers: Give answers to 20 questions or fewer'
		);
		expect(await refused({ ...MUST_PASS, name: 'Jo Bloggs, 943 476 5919' })).toMatch(
			/^name: This has personal data in it \(1 NHS number/
		);
		expect(
			await refused({ ...MUST_PASS, expect: { ...MUST_PASS.expect, mustInclude: ['call 943 476 5919'] } })
		).toMatch(/^expect\.mustInclude: This has personal data in it \(1 NHS number\)/);
		expect(((await (await listCases(alice, id)).json()) as { testCases: unknown[] }).testCases).toEqual([]);
	});

	it('replaces the whole case on PUT (answers it leaves out are cleared) and refuses an unknown field on PATCH', async () => {
		const { alice } = fixture;
		const id = await makeAssistant(alice);
		const created = (await (await addCase(alice, id, MUST_PASS)).json()) as TestCaseView;
		const params = { id, caseId: created.id };
		const path = `/api/assistants/${id}/test-cases/${created.id}`;
		const typo = await callRoute(caseRoute.PATCH, {
			user: alice,
			method: 'PATCH',
			path,
			params,
			body: { nmae: 'New' }
		});
		expect(typo.status).toBe(400);
		expect(((await typo.json()) as { message: string }).message).toMatch(/A test case has no nmae/);
		const put = await callRoute(caseRoute.PUT, {
			user: alice,
			method: 'PUT',
			path,
			params,
			body: { name: 'Replaced', request: 'A new request', expect: { maxWords: 120 } }
		});
		expect(put.status).toBe(200);
		const replaced = (await put.json()) as TestCaseView;
		expect(replaced).toMatchObject({ name: 'Replaced', answers: {}, expect: { maxWords: 120 } });
		// A case as the API returned it goes back as it is: its read-only id and builtin are ignored.
		const roundTrip = await callRoute(caseRoute.PUT, {
			user: alice,
			method: 'PUT',
			path,
			params,
			body: { ...replaced, name: 'Sent back' }
		});
		expect(roundTrip.status).toBe(200);
		expect(await roundTrip.json()).toMatchObject({ id: created.id, name: 'Sent back', builtin: false });
		const partialPut = await callRoute(caseRoute.PUT, {
			user: alice,
			method: 'PUT',
			path,
			params,
			body: { name: 'Only a name' }
		});
		expect(partialPut.status).toBe(400);
		expect(
			(await (await callRoute(caseRoute.GET, { user: alice, path, params })).json()) as TestCaseView
		).toMatchObject({ name: 'Sent back', request: 'A new request' });
	});

	it("keeps someone else's assistant's cases and runs hidden (404)", async () => {
		const { alice, bob } = fixture;
		const id = await makeAssistant(alice);
		const created = (await (await addCase(alice, id, MUST_PASS)).json()) as TestCaseView;
		expect((await listCases(bob, id)).status).toBe(404);
		expect((await addCase(bob, id, MUST_PASS)).status).toBe(404);
		const params = { id, caseId: created.id };
		const path = `/api/assistants/${id}/test-cases/${created.id}`;
		expect((await callRoute(caseRoute.GET, { user: bob, path, params })).status).toBe(404);
		expect((await callRoute(caseRoute.DELETE, { user: bob, method: 'DELETE', path, params })).status).toBe(404);
		expect((await startRun(bob, id)).status).toBe(404);
		expect(
			(await callRoute(runsRoute.GET, { user: bob, path: `/api/assistants/${id}/evaluations`, params: { id } })).status
		).toBe(404);
	});
});

describe('evaluation runs', () => {
	it('passes a case that must pass and fails one that must fail, naming the phrase', async () => {
		const { alice, stub } = fixture;
		const id = await makeAssistant(alice);
		expect((await startRun(alice, id)).status).toBe(409);
		const passCase = (await (await addCase(alice, id, MUST_PASS)).json()) as TestCaseView;
		const failCase = (await (await addCase(alice, id, MUST_FAIL)).json()) as TestCaseView;
		const unknownModel = await startRun(alice, id, { model: 'no-such-model' });
		expect(unknownModel.status).toBe(400);
		expect(((await unknownModel.json()) as { message: string }).message).toContain(
			'There is no model called "no-such-model"'
		);

		// The request names the audience, so only the key message is asked.
		stub.replyTo = (r) => (isExtraction(r) ? '{"answers": {"audience": "Public"}}' : undefined);
		stub.next({ kind: 'answer', chunks: ['If you need help fast, ', 'use NHS 111 online or call 111.'] });
		stub.next({ kind: 'answer', chunks: ['If you need help fast, use NHS 111.'] });
		const started = await startRun(alice, id, { model: 'stub-large' });
		expect(started.status).toBe(202);
		const { id: evaluationId } = (await started.json()) as { id: string };
		expect((await runView(alice, id, evaluationId)).status).toBe('queued');
		// One run at a time per assistant: a second while this one is queued is refused, saying why.
		const second = await startRun(alice, id, { model: 'stub-large' });
		expect(second.status).toBe(409);
		expect(((await second.json()) as { message: string }).message).toBe(
			'A run of version 1 is already in progress. Wait for it to finish, then start another.'
		);
		// Starting a run is in the audit log: who, which assistant, version and model, never the cases' text.
		expect((await listAuditEvents({ action: 'assistant.evaluation_started' }))[0]).toMatchObject({
			actorId: alice.id,
			targetId: id,
			details: { suite: 'assistant', version: 1, model: 'stub-large', cases: 2 }
		});

		await drainJobs();
		const run = await runView(alice, id, evaluationId);
		expect(run).toMatchObject({ status: 'completed', model: 'stub-large', assistantVersion: 1, passRate: 0.5 });
		expect(run.results).toEqual([
			expect.objectContaining({
				testCaseId: passCase.id,
				name: MUST_PASS.name,
				passed: true,
				reasons: [],
				output: 'If you need help fast, use NHS 111 online or call 111.',
				asked: ['key_message'],
				rubric: null
			}),
			expect.objectContaining({
				testCaseId: failCase.id,
				passed: false,
				reasons: ['Must include "Pharmacy First" but it was not found']
			})
		]);
		// The draft was written from the brief: the case's answer reached the model as the chat would send it.
		const drafting = stub.requests.filter((r) => r.stream).at(-2)!;
		expect(drafting.model).toBe('stub-large');
		expect(drafting.messages.map((m) => m.content).join('\n')).toContain('Use NHS 111 when you need help fast');

		const list = await callRoute(runsRoute.GET, {
			user: alice,
			path: `/api/assistants/${id}/evaluations`,
			params: { id }
		});
		expect(((await list.json()) as { evaluations: { id: string }[] }).evaluations.map((e) => e.id)).toEqual([
			evaluationId
		]);
	});

	it('scores a rubric apart: a low score leaves a passing case passed', async () => {
		const { alice, stub } = fixture;
		const id = await makeAssistant(alice, { intake: { mode: 'none', questions: [] } });
		await addCase(alice, id, {
			name: 'Calm tone',
			request: 'Urgent help message',
			expect: { mustInclude: ['111'], rubric: 'Calm, not alarming' }
		});
		stub.replyTo = (r) => (isJudge(r) ? '{"score": 2, "comment": "A little abrupt"}' : undefined);
		stub.next({ kind: 'answer', chunks: ['Call 111.'] });
		const { id: evaluationId } = (await (await startRun(alice, id)).json()) as { id: string };
		await drainJobs();
		const run = await runView(alice, id, evaluationId);
		expect(run.passRate).toBe(1);
		expect(run.results[0]).toMatchObject({ passed: true, rubric: { score: 2, outOf: 5, comment: 'A little abrupt' } });
	});

	it('carries on from the first case without a result when an attempt fails part-way', async () => {
		const { alice, stub } = fixture;
		const id = await makeAssistant(alice, { intake: { mode: 'none', questions: [] } });
		await addCase(alice, id, { name: 'First', request: 'Urgent help message', expect: { mustInclude: ['111'] } });
		await addCase(alice, id, { name: 'Second', request: 'Urgent help message', expect: { mustInclude: ['111'] } });
		stub.next({ kind: 'answer', chunks: ['Call 111.'] });
		stub.next({ kind: 'status', status: 503 });
		stub.next({ kind: 'answer', chunks: ['Use NHS 111.'] });
		const streamedBefore = stub.requests.filter((r) => r.stream).length;
		const { id: evaluationId } = (await (await startRun(alice, id)).json()) as { id: string };
		await drainJobs();
		const run = await runView(alice, id, evaluationId);
		expect(run).toMatchObject({ status: 'completed', passRate: 1, total: 2, passedCount: 2 });
		expect(run.results.map((r) => [r.name, r.output])).toEqual([
			['First', 'Call 111.'],
			['Second', 'Use NHS 111.']
		]);
		// Three model calls: the first case once, the second twice (failed, then answered).
		expect(stub.requests.filter((r) => r.stream).length - streamedBefore).toBe(3);
	});

	it('skips a case deleted while it ran, and counts only the cases that still exist', async () => {
		const { alice, stub } = fixture;
		const id = await makeAssistant(alice, { intake: { mode: 'none', questions: [] } });
		const first = (await (
			await addCase(alice, id, { name: 'First', request: 'Urgent help message', expect: { mustInclude: ['111'] } })
		).json()) as TestCaseView;
		await addCase(alice, id, { name: 'Second', request: 'Urgent help message', expect: { mustInclude: ['111'] } });
		let finishFirst!: () => void;
		stub.next({ kind: 'answer', chunks: ['Call', ' 111.'], beforeLast: new Promise((r) => (finishFirst = r)) });
		stub.next({ kind: 'answer', chunks: ['Use NHS 111.'] });
		const streamedBefore = stub.requests.filter((r) => r.stream).length;
		const { id: evaluationId } = (await (await startRun(alice, id)).json()) as { id: string };
		const job = runNextJob();
		await expect.poll(() => stub.requests.filter((r) => r.stream).length - streamedBefore).toBe(1);
		const params = { id, caseId: first.id };
		const path = `/api/assistants/${id}/test-cases/${first.id}`;
		expect((await callRoute(caseRoute.DELETE, { user: alice, method: 'DELETE', path, params })).status).toBe(204);
		finishFirst();
		await job;
		await drainJobs();
		const run = await runView(alice, id, evaluationId);
		expect(run).toMatchObject({ status: 'completed', total: 1, passedCount: 1, passRate: 1 });
		expect(run.results.map((r) => r.name)).toEqual(['Second']);
	});

	it("says when a question check failed because the model's intake reply could not be read", async () => {
		const { alice, stub } = fixture;
		const id = await makeAssistant(alice);
		await addCase(alice, id, {
			name: 'Audience already given',
			request: 'A message for the public about where to get urgent help',
			expect: { mustNotAsk: ['audience'] }
		});
		// The extraction reply is never JSON: the intake falls back to asking every question, audience included.
		stub.replyTo = (r) => (isExtraction(r) ? 'Sorry, I cannot help with that.' : undefined);
		try {
			stub.next({ kind: 'answer', chunks: ['Use NHS 111.'] });
			const { id: evaluationId } = (await (await startRun(alice, id)).json()) as { id: string };
			await drainJobs();
			const [result] = (await runView(alice, id, evaluationId)).results;
			expect(result.passed).toBe(false);
			expect(result.reasons).toContainEqual(
				expect.stringMatching(
					/^The intake step could not read the model's reply .*: the question checks reflect that\.$/
				)
			);
		} finally {
			stub.replyTo = undefined;
		}
	});

	it('fails the run with the reason when the model is still down after the attempts', async () => {
		const { alice, stub } = fixture;
		const id = await makeAssistant(alice, { intake: { mode: 'none', questions: [] } });
		await addCase(alice, id, { name: 'Any', request: 'Urgent help message', expect: { mustInclude: ['111'] } });
		for (let i = 0; i < 3; i++) stub.next({ kind: 'status', status: 503 });
		const { id: evaluationId } = (await (await startRun(alice, id)).json()) as { id: string };
		await drainJobs();
		const run = await runView(alice, id, evaluationId);
		expect(run.status).toBe('failed');
		expect(run.error).toMatch(
			/^The model "stub-model" failed \(tried 3 times\): The language model service had a problem/
		);
		expect(run.passRate).toBeNull();
	});
});

describe('who may see and run', () => {
	it('lets a team member who can only use the assistant see that its cases exist but not read them (403)', async () => {
		const { alice, bob } = fixture;
		const team = await createTeamWithOwner({ name: 'Urgent care team', description: '', ownerId: alice.id });
		await addTeamMember(team.id, bob.id, 'member');
		const id = await makeAssistant(alice, { visibility: 'team', teamId: team.id });
		const res = await listCases(bob, id);
		expect(res.status).toBe(403);
		expect(((await res.json()) as { message: string }).message).toContain('Only people who can edit or approve');
		expect((await addCase(bob, id, MUST_PASS)).status).toBe(403);
	});

	it('fails the run at once when the model says it never will work (unknown to the service)', async () => {
		const { alice, stub } = fixture;
		const id = await makeAssistant(alice, { intake: { mode: 'none', questions: [] } });
		await addCase(alice, id, { name: 'Any', request: 'Urgent help message', expect: { mustInclude: ['111'] } });
		stub.next({ kind: 'status', status: 404 });
		const { id: evaluationId } = (await (await startRun(alice, id)).json()) as { id: string };
		await drainJobs();
		const run = await runView(alice, id, evaluationId);
		expect(run.status).toBe('failed');
		expect(run.error).toBe(
			'The model "stub-model" failed (tried once): The language model service does not recognise this model. Please tell an administrator.'
		);
	});
});

describe('approval', () => {
	it('blocks approving a version shared with the organisation until an evaluation of it has completed', async () => {
		const { alice, bob, stub } = fixture;
		const id = await makeAssistant(bob, { visibility: 'organisation', intake: { mode: 'none', questions: [] } });
		await addCase(bob, id, { name: 'Any', request: 'Urgent help message', expect: { mustInclude: ['111'] } });

		const blocked = await approve(alice, id);
		expect(blocked.status).toBe(409);
		expect(((await blocked.json()) as { message: string }).message).toBe(
			'Run an evaluation of version 1 before approving it'
		);
		const form = await callAction(adminPage.actions.approve, alice, '/admin/assistants?/approve', { assistantId: id });
		expect(form).toEqual({
			kind: 'fail',
			status: 409,
			data: { errors: { form: 'Run an evaluation of version 1 before approving it' } }
		});

		stub.next({ kind: 'answer', chunks: ['Call 111.'] });
		expect((await startRun(alice, id)).status).toBe(202);
		await drainJobs();
		expect((await approve(alice, id)).status).toBe(200);

		// A new version goes back for approval and needs its own evaluation; both runs are there to compare.
		const patched = await callRoute(oneAssistantRoute.PATCH, {
			user: bob,
			method: 'PATCH',
			path: `/api/assistants/${id}`,
			params: { id },
			body: { instructions: 'Write a calm, short message for the public about urgent care.' }
		});
		expect(patched.status).toBe(200);
		expect(((await (await approve(alice, id)).json()) as { message: string }).message).toBe(
			'Run an evaluation of version 2 before approving it'
		);
		stub.next({ kind: 'answer', chunks: ['Call NHS 111.'] });
		await startRun(bob, id);
		await drainJobs();
		const compared = await approvalEvaluations(id, 2);
		expect(compared.current).toMatchObject({ assistantVersion: 2, status: 'completed', passRate: 1 });
		expect(compared.previous).toMatchObject({ assistantVersion: 1, status: 'completed' });
		expect(compared.current!.results[0].output).toBe('Call NHS 111.');
		// The administrator's page showed version 1: approving from it now would approve a version they
		// have not looked at, so it is refused, saying which version is waiting.
		const stale = await callAction(adminPage.actions.approve, alice, '/admin/assistants?/approve', {
			assistantId: id,
			version: '1'
		});
		expect(stale).toMatchObject({ kind: 'fail', status: 409 });
		expect(JSON.stringify(stale)).toContain('version 2 is waiting now');
		const approved = await callAction(adminPage.actions.approve, alice, '/admin/assistants?/approve', {
			assistantId: id,
			version: '2'
		});
		expect(approved).toMatchObject({ kind: 'data' });
	});
});

describe('inclusive-language audit', () => {
	it('runs the audit set against an assistant and fails outputs the inclusive rules flag', async () => {
		const { stub } = fixture;
		await seedStyleRules();
		const owner = await createUser({ email: 'audit-owner@nhs.net', name: 'Audit owner', passwordHash: 'not-a-hash' });
		const user = { id: owner.id, email: owner.email, name: owner.name, role: owner.role };
		// Only an assistant shared with the organisation may be audited: a private one stays its owner's.
		const own = await makeAssistant(user, { intake: { mode: 'none', questions: [] } });
		expect(await queueInclusiveAudit({ assistantId: own, requestedBy: user.id })).toMatchObject({
			ok: false,
			status: 404
		});
		const id = await makeAssistant(user, { intake: { mode: 'none', questions: [] }, visibility: 'organisation' });
		useInclusiveAuditFile('tests/fixtures/evaluations/inclusive-audit.cases.yaml');
		try {
			stub.next({ kind: 'answer', chunks: ['The elderly can book a flu vaccine now.'] });
			stub.next({ kind: 'answer', chunks: ['Unpaid carers can get support from us.'] });
			const queued = await queueInclusiveAudit({ assistantId: id, requestedBy: user.id });
			if (!queued.ok) throw new Error(queued.message);
			expect(queued.value).toMatchObject({ suite: 'inclusive-audit', total: 2 });
			await drainJobs();
			const run = await runView(user, id, queued.value.id);
			expect(run).toMatchObject({ status: 'completed', passRate: 0.5 });
			expect(run.results.map((r) => [r.name, r.passed])).toEqual([
				['Age: Flu vaccine invitation for people aged 65 and over', false],
				['Carers: Support for unpaid carers', true]
			]);
			expect(run.results[0].reasons[0]).toMatch(
				/^Draft check inclusive\.elderly \(Inclusive language\) found "The elderly"/
			);
		} finally {
			useInclusiveAuditFile(undefined);
		}
	});
});

describe('built-in test cases', () => {
	it('syncs each built-in’s cases file by key, read-only through the API', async () => {
		const { alice } = fixture;
		const dir = await mkdtemp(path.join(tmpdir(), 'builtin-cases-'));
		try {
			await cp('prompts/assistants/plain-english.md', path.join(dir, 'plain-english.md'));
			await cp('prompts/assistants/plain-english.cases.yaml', path.join(dir, 'plain-english.cases.yaml'));
			await loadBuiltinAssistants(dir);
			expect(await syncBuiltinCases(dir)).toMatchObject({ assistants: 1, removed: 0 });
			const [row] = await queryRows<{ id: string }>(
				fixture.testDb.handle,
				sql`select id from assistants where builtin_key = 'plain-english'`
			);
			const id = row.id;
			const listed = (await (await listCases(alice, id)).json()) as { testCases: TestCaseView[] };
			expect(listed.testCases.length).toBeGreaterThanOrEqual(3);
			expect(listed.testCases.every((c) => c.builtin)).toBe(true);
			const shipped = listed.testCases[0];
			const params = { id, caseId: shipped.id };
			const casePath = `/api/assistants/${id}/test-cases/${shipped.id}`;
			const refused = await callRoute(caseRoute.PATCH, {
				user: alice,
				method: 'PATCH',
				path: casePath,
				params,
				body: { name: 'x' }
			});
			expect(refused.status).toBe(403);
			expect(
				(await callRoute(caseRoute.DELETE, { user: alice, method: 'DELETE', path: casePath, params })).status
			).toBe(403);
			// An administrator's own case sits beside the shipped ones and survives a sync.
			const own = await addCase(alice, id, { name: 'Our own', request: 'Rewrite this', expect: { maxWords: 100 } });
			expect(own.status).toBe(201);

			// A case taken out of the file goes; a changed one is updated in place (same id).
			await writeFile(
				path.join(dir, 'plain-english.cases.yaml'),
				[
					'cases:',
					`  - key: ${'keeps-nhs-111-and-drops-jargon'}`,
					'    name: Renamed in the file',
					'    request: Rewrite this in plain English.',
					'    expect:',
					'      mustInclude: [NHS 111]'
				].join('\n')
			);
			expect(await syncBuiltinCases(dir)).toMatchObject({ cases: 1, removed: listed.testCases.length - 1 });
			const after = (await (await listCases(alice, id)).json()) as { testCases: TestCaseView[] };
			expect(after.testCases.map((c) => [c.name, c.builtin])).toEqual([
				['Renamed in the file', true],
				['Our own', false]
			]);
			expect(after.testCases[0].id).toBe(shipped.id);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});

	it('refuses a cases file naming a question the assistant does not ask', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'builtin-cases-'));
		try {
			await cp('prompts/assistants/plain-english.md', path.join(dir, 'plain-english.md'));
			await writeFile(
				path.join(dir, 'plain-english.cases.yaml'),
				'cases:\n  - key: bad\n    name: Bad\n    request: Rewrite\n    expect:\n      asks: [spokesperson]\n'
			);
			await expect(syncBuiltinCases(dir)).rejects.toThrow(/case "bad" names "spokesperson", which is not a question/);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});

	it("checks shipped cases against the shipped questions, so an administrator's edit never stops start-up", async () => {
		const { alice } = fixture;
		const dir = await mkdtemp(path.join(tmpdir(), 'builtin-cases-'));
		try {
			await cp('prompts/assistants/plain-english.md', path.join(dir, 'plain-english.md'));
			await cp('prompts/assistants/plain-english.cases.yaml', path.join(dir, 'plain-english.cases.yaml'));
			await loadBuiltinAssistants(dir);
			const [row] = await queryRows<{ id: string }>(
				fixture.testDb.handle,
				sql`select id from assistants where builtin_key = 'plain-english'`
			);
			// The administrator removes every question the shipped cases name (answers and asks).
			const edited = await callRoute(oneAssistantRoute.PATCH, {
				user: alice,
				method: 'PATCH',
				path: `/api/assistants/${row.id}`,
				params: { id: row.id },
				body: { intake: { mode: 'none', questions: [] } }
			});
			expect(edited.status).toBe(200);
			const synced = await syncBuiltinCases(dir);
			expect(synced.assistants).toBe(1);
			expect(synced.cases).toBeGreaterThanOrEqual(3);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});
});
