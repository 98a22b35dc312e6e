/**
 * The evaluation gate for administrators (issue 15): an administrator's change to an organisation
 * assistant waits for approval and an evaluation like anyone's, a rollback by an administrator goes
 * live only to a version with a completed evaluation, and an evaluation run left behind by a server
 * that stopped is resumed by another instance or, when nothing will finish it, failed with the reason
 * so a new run can start at once. Through the route handlers and the real job queue, with the OpenAI stub.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { SessionUser } from '$lib/schemas/user';
import type { EvaluationView } from '$lib/schemas/evaluation';
import { setFeatured } from '$lib/server/assistants/featured';
import { duplicateAssistant, listAssistants } from '$lib/server/assistants/service';
import { startChat } from '$lib/server/chat/start';
import { createUser } from '$lib/server/db/queries/users';
import { listAuditEvents } from '$lib/server/db/queries/audit';
import { finishEvaluation, insertEvaluation, markEvaluationRunning } from '$lib/server/db/queries/evaluations';
import { runNextJob } from '$lib/server/jobs/worker';
import { recoverAbandonedRuns } from '$lib/server/assistants/evaluation/recovery';
import { approvalEvidence } from '$lib/server/assistants/approval-evidence';
import { queueInclusiveAudit } from '$lib/server/assistants/evaluation/runner';
import * as assistantsRoute from '../../src/routes/api/assistants/+server';
import * as oneRoute from '../../src/routes/api/assistants/[id]/+server';
import * as approvalRoute from '../../src/routes/api/assistants/[id]/approval/+server';
import * as rollbackRoute from '../../src/routes/api/assistants/[id]/rollback/+server';
import * as unpublishRoute from '../../src/routes/api/assistants/[id]/unpublish/+server';
import * as casesRoute from '../../src/routes/api/assistants/[id]/test-cases/+server';
import * as runsRoute from '../../src/routes/api/assistants/[id]/evaluations/+server';
import * as runRoute from '../../src/routes/api/assistants/[id]/evaluations/[evaluationId]/+server';
import { callRoute, useChatFixture } from '../helpers/chat';
import { queryRows } from '../helpers/test-db';

const fixture = useChatFixture('Gate');

type Body = Record<string, unknown> & { message?: string };
const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Body });

async function makeAssistant(user: SessionUser, overrides: Record<string, unknown> = {}): Promise<string> {
	const res = await callRoute(assistantsRoute.POST, {
		user,
		method: 'POST',
		path: '/api/assistants',
		body: {
			name: 'Winter vaccines',
			description: 'Writes messages about winter vaccines',
			category: 'Media and press',
			instructions: 'Write a short message for the public about winter vaccines.',
			visibility: 'organisation',
			status: 'published',
			intake: { mode: 'none', questions: [] },
			...overrides
		}
	});
	expect(res.status).toBe(201);
	return ((await res.json()) as { id: string }).id;
}

const get = (user: SessionUser, id: string) =>
	callRoute(oneRoute.GET, { user, path: `/api/assistants/${id}`, params: { id } });
const patch = (user: SessionUser, id: string, body: unknown) =>
	callRoute(oneRoute.PATCH, { user, method: 'PATCH', path: `/api/assistants/${id}`, params: { id }, body });
const approve = (user: SessionUser, id: string) =>
	callRoute(approvalRoute.POST, {
		user,
		method: 'POST',
		path: `/api/assistants/${id}/approval`,
		params: { id },
		body: { decision: 'approve' }
	});
const decline = (user: SessionUser, id: string) =>
	callRoute(approvalRoute.POST, {
		user,
		method: 'POST',
		path: `/api/assistants/${id}/approval`,
		params: { id },
		body: { decision: 'decline', reason: 'Too long' }
	});
const unpublish = (user: SessionUser, id: string) =>
	callRoute(unpublishRoute.POST, { user, method: 'POST', path: `/api/assistants/${id}/unpublish`, params: { id } });
const rollback = (user: SessionUser, id: string, version: number) =>
	callRoute(rollbackRoute.POST, {
		user,
		method: 'POST',
		path: `/api/assistants/${id}/rollback`,
		params: { id },
		body: { version }
	});
const addCase = (user: SessionUser, id: string) =>
	callRoute(casesRoute.POST, {
		user,
		method: 'POST',
		path: `/api/assistants/${id}/test-cases`,
		params: { id },
		body: { name: 'Says hello', request: 'A message about winter vaccines', expect: { mustInclude: ['Hello'] } }
	});
const startRun = (user: SessionUser, id: string) =>
	callRoute(runsRoute.POST, {
		user,
		method: 'POST',
		path: `/api/assistants/${id}/evaluations`,
		params: { id },
		body: {}
	});
const getRun = async (user: SessionUser, id: string, evaluationId: string) => {
	const res = await callRoute(runRoute.GET, {
		user,
		path: `/api/assistants/${id}/evaluations/${evaluationId}`,
		params: { id, evaluationId }
	});
	expect(res.status).toBe(200);
	return (await res.json()) as EvaluationView;
};

/** Records a completed evaluation of `version`, as a finished run would. */
async function evaluated(id: string, version: number): Promise<string> {
	const run = await insertEvaluation({
		assistantId: id,
		assistantVersion: version,
		model: 'stub-model',
		total: 0,
		requestedBy: null
	});
	await finishEvaluation(run.id, 'completed');
	return run.id;
}

const visibleTo = async (user: SessionUser, id: string) => (await get(user, id)).status === 200;
const db = (query: ReturnType<typeof sql>) => queryRows(fixture.testDb.handle, query);

describe("an administrator's own change to an organisation assistant", () => {
	it('waits for approval, needs an evaluation of the new version, and is audited', async () => {
		const { alice: admin, bob: member } = fixture;
		expect(admin.role).toBe('admin');
		const id = await makeAssistant(admin);
		expect((await json(await get(admin, id))).body).toMatchObject({ version: 1, approval: 'approved' });
		expect(await visibleTo(member, id)).toBe(true);

		const saved = await json(
			await patch(admin, id, { description: 'Winter vaccines for everyone', changeNote: 'Wider' })
		);
		expect(saved).toMatchObject({ status: 200, body: { version: 2, approval: 'pending', liveVersion: 1 } });
		// Until it is approved, everyone else keeps the approved version 1, and starts chats with it.
		expect((await json(await get(member, id))).body).toMatchObject({
			version: 1,
			liveVersion: 1,
			approval: 'approved',
			description: 'Writes messages about winter vaccines'
		});
		const started = await startChat(member, { assistantId: id });
		expect(started.ok && started.chat.assistantVersion).toBe(1);
		expect(await json(await approve(admin, id))).toMatchObject({
			status: 409,
			body: { message: 'Run an evaluation of version 2 before approving it' }
		});
		const [updated] = (await listAuditEvents({ action: 'assistant.updated', limit: 100 })).filter(
			(e) => e.targetId === id
		);
		expect(updated.details).toMatchObject({
			before: { version: 1, approval: 'approved' },
			after: { version: 2, approval: 'pending' }
		});

		await evaluated(id, 2);
		expect((await approve(admin, id)).status).toBe(200);
		expect((await json(await get(member, id))).body).toMatchObject({
			version: 2,
			liveVersion: 2,
			description: 'Winter vaccines for everyone'
		});
	});

	it('leaves the approved version live for everyone else when the new version is declined', async () => {
		const { alice: admin, bob: member } = fixture;
		const id = await makeAssistant(admin, { name: 'Declined vaccines' });
		await patch(admin, id, { instructions: 'Write a very long message.', description: 'Longer' });
		expect((await decline(admin, id)).status).toBe(200);
		expect((await json(await get(admin, id))).body).toMatchObject({ version: 2, approval: 'declined', liveVersion: 1 });
		const seen = (await json(await get(member, id))).body;
		expect(seen).toMatchObject({
			version: 1,
			approval: 'approved',
			description: 'Writes messages about winter vaccines'
		});
		// Nothing of the declined version reaches people who may not see it: not a copy, not the directory.
		expect(seen.instructions).toBe('Write a short message for the public about winter vaccines.');
		const copy = await duplicateAssistant(member, id);
		expect(copy.ok && copy.value.instructions).toBe('Write a short message for the public about winter vaccines.');
		const listed = (await listAssistants(member, { q: 'Declined vaccines' })).find((a) => a.id === id);
		expect(listed).toMatchObject({ version: 1, description: 'Writes messages about winter vaccines' });
		expect(await listAssistants(member, { q: 'Longer' })).not.toContainEqual(expect.objectContaining({ id }));
		expect((await listAssistants(member, { scope: 'organisation' })).some((a) => a.id === id)).toBe(true);
	});

	it('shows another administrator the declined version with its reason, and members the live one', async () => {
		const { alice: admin, bob: builder } = fixture;
		const e = await createUser({ email: 'erin@nhs.net', name: 'Erin', passwordHash: 'not-a-hash', role: 'admin' });
		const otherAdmin: SessionUser = { id: e.id, email: e.email, name: e.name, role: e.role };
		const f = await createUser({ email: 'fay@nhs.net', name: 'Fay', passwordHash: 'not-a-hash' });
		const member: SessionUser = { id: f.id, email: f.email, name: f.name, role: f.role };
		const id = await makeAssistant(builder, { name: 'Overseen vaccines' });
		await evaluated(id, 1);
		expect((await approve(admin, id)).status).toBe(200);
		await patch(builder, id, { description: 'Longer' });
		expect((await decline(admin, id)).status).toBe(200);
		// An administrator oversees it as it stands, to unpublish or delete it: not the approved version only.
		expect((await json(await get(otherAdmin, id))).body).toMatchObject({
			version: 2,
			approval: 'declined',
			approvalReason: 'Too long',
			liveVersion: 1,
			description: 'Longer'
		});
		// Chatting with it, the administrator gets the live version, like everyone else.
		const chat = await startChat(otherAdmin, { assistantId: id });
		expect(chat.ok && chat.chat.assistantVersion).toBe(1);
		expect((await json(await get(member, id))).body).toMatchObject({
			version: 1,
			approval: 'approved',
			approvalReason: null,
			description: 'Writes messages about winter vaccines'
		});
	});

	it('has no live version while its first approval waits: then the rest of the organisation cannot use it', async () => {
		const { alice: admin, bob: builder } = fixture;
		const c = await createUser({ email: 'carol@nhs.net', name: 'Carol', passwordHash: 'not-a-hash' });
		const member: SessionUser = { id: c.id, email: c.email, name: c.name, role: c.role };
		const id = await makeAssistant(builder, { name: 'Unapproved vaccines' });
		expect((await json(await get(builder, id))).body).toMatchObject({ approval: 'pending', liveVersion: null });
		expect(await visibleTo(member, id)).toBe(false);
		await evaluated(id, 1);
		expect((await approve(admin, id)).status).toBe(200);
		expect((await json(await get(member, id))).body).toMatchObject({ version: 1, liveVersion: 1 });
		// Taking it back to one team ends its life in the organisation: no live version is left behind.
		const narrowed = await json(await patch(builder, id, { visibility: 'private' }));
		expect(narrowed.body).toMatchObject({ visibility: 'private', liveVersion: null });
		expect(await visibleTo(member, id)).toBe(false);
	});

	it('ends the live version when it is unpublished or taken back to draft: publishing again needs approval', async () => {
		const { alice: admin, bob: owner } = fixture;
		const c = await createUser({ email: 'dana@nhs.net', name: 'Dana', passwordHash: 'not-a-hash' });
		const member: SessionUser = { id: c.id, email: c.email, name: c.name, role: c.role };
		const id = await makeAssistant(owner, { name: 'Unpublished vaccines' });
		await evaluated(id, 1);
		expect((await approve(admin, id)).status).toBe(200);
		await patch(owner, id, { description: 'Second' });
		expect(await visibleTo(member, id)).toBe(true);

		expect((await unpublish(admin, id)).status).toBe(200);
		expect(await json(await patch(owner, id, { status: 'published' }))).toMatchObject({
			status: 200,
			body: { approval: 'pending', liveVersion: null }
		});
		expect(await visibleTo(member, id)).toBe(false);

		await evaluated(id, 3);
		expect((await approve(admin, id)).status).toBe(200);
		expect(await visibleTo(member, id)).toBe(true);
		expect((await json(await patch(owner, id, { status: 'draft' }))).body).toMatchObject({ liveVersion: null });
		expect(await json(await patch(owner, id, { status: 'published' }))).toMatchObject({
			body: { approval: 'pending', liveVersion: null }
		});
		expect(await visibleTo(member, id)).toBe(false);
	});

	it('hides the assistant from members, rather than show the waiting version, if the live one cannot be read', async () => {
		const { alice: admin, bob: member } = fixture;
		const id = await makeAssistant(admin, { name: 'Unreadable vaccines' });
		await patch(admin, id, { description: 'Second' });
		expect(await visibleTo(member, id)).toBe(true);
		await db(sql`delete from assistant_versions where assistant_id = ${id}::uuid and version = 1`);
		expect(await visibleTo(member, id)).toBe(false);
		expect((await listAssistants(member)).some((a) => a.id === id)).toBe(false);
		expect(await duplicateAssistant(member, id)).toMatchObject({ ok: false, status: 404 });
	});

	it('refuses a decision on a version that is no longer the one waiting', async () => {
		const { alice: admin, bob: member } = fixture;
		const id = await makeAssistant(admin, { name: 'Raced vaccines' });
		await patch(admin, id, { description: 'Second' });
		await evaluated(id, 2);
		expect(await visibleTo(member, id)).toBe(true);
		const stale = await callRoute(approvalRoute.POST, {
			user: admin,
			method: 'POST',
			path: `/api/assistants/${id}/approval`,
			params: { id },
			body: { decision: 'approve', version: 1 }
		});
		expect(stale.status).toBe(409);
		expect((await json(await get(member, id))).body).toMatchObject({ version: 1 });
	});

	it('keeps its featured place while the new version waits, and after it is declined (version 1 stays live)', async () => {
		const { alice: admin } = fixture;
		const id = await makeAssistant(admin, { name: 'Featured vaccines' });
		expect(await setFeatured(admin, id, true)).toMatchObject({ ok: true });
		await patch(admin, id, { description: 'Changed' });
		expect((await json(await get(admin, id))).body).toMatchObject({ approval: 'pending', featured: true });
		expect((await decline(admin, id)).status).toBe(200);
		expect((await json(await get(admin, id))).body).toMatchObject({ approval: 'declined', featured: true });
	});
});

describe('the approval screen’s evidence', () => {
	it('shows the run the gate accepts however many runs came after, beside the live version’s run', async () => {
		const { alice: admin } = fixture;
		const id = await makeAssistant(admin, { name: 'Evidenced vaccines' });
		for (const version of [1, 2, 3]) await evaluated(id, version);
		// Fifty later runs of version 3 that failed: the completed one still counts, as it does for the gate.
		for (let i = 0; i < 50; i++) {
			const run = await insertEvaluation({
				assistantId: id,
				assistantVersion: 3,
				model: 'stub-model',
				total: 0,
				requestedBy: null
			});
			await finishEvaluation(run.id, 'failed', 'The model failed');
		}
		const withLive = await approvalEvidence(id, 3, 1);
		expect(withLive.current).toMatchObject({ assistantVersion: 3 });
		// The version people use today (1), not merely the newest earlier run (2).
		expect(withLive.previous).toMatchObject({ assistantVersion: 1 });
		expect((await approvalEvidence(id, 3, null)).previous).toMatchObject({ assistantVersion: 2 });
	});
});

describe('rolling back an organisation assistant', () => {
	it('lets an administrator put an evaluated version live at once, and refuses an unevaluated one with a 409', async () => {
		const { alice: admin, bob: member } = fixture;
		const id = await makeAssistant(admin, { name: 'Rollback vaccines' });
		const firstRun = await evaluated(id, 1);
		await patch(admin, id, { instructions: 'Write a long, detailed message about winter vaccines.' });
		expect((await json(await get(member, id))).body).toMatchObject({ version: 1 });

		const restored = await json(await rollback(admin, id, 1));
		expect(restored).toMatchObject({ status: 200, body: { version: 3, approval: 'approved' } });
		expect((await json(await get(member, id))).body).toMatchObject({
			version: 3,
			instructions: 'Write a short message for the public about winter vaccines.'
		});
		const [rolled] = (await listAuditEvents({ action: 'assistant.rolled_back', limit: 100 })).filter(
			(e) => e.targetId === id
		);
		expect(rolled.details).toMatchObject({
			before: { version: 2, approval: 'pending' },
			after: { version: 3, restored: 1, approval: 'approved', evaluationId: firstRun }
		});

		await patch(admin, id, { description: 'Version 4' });
		const refused = await json(await rollback(admin, id, 2));
		expect(refused).toEqual({
			status: 409,
			body: expect.objectContaining({
				message:
					'Version 2 has no completed evaluation, so it cannot go back in front of everyone untested. Roll back to a version that has one (version 1), or save your change as a new version, run its tests from the Tests page and approve it.'
			})
		});
		expect((await json(await get(admin, id))).body).toMatchObject({ version: 4, approval: 'pending' });
	});

	it("sends a builder's rollback of an approved organisation assistant back for approval, as before", async () => {
		const { alice: admin, bob: builder } = fixture;
		const id = await makeAssistant(builder, { name: 'Builder vaccines' });
		await evaluated(id, 1);
		expect((await approve(admin, id)).status).toBe(200);
		await patch(builder, id, { description: 'Second' });
		await evaluated(id, 2);
		expect((await approve(admin, id)).status).toBe(200);
		expect(await json(await rollback(builder, id, 1))).toMatchObject({
			status: 200,
			body: { version: 3, approval: 'pending' }
		});
	});
});

describe('an evaluation run left behind by a server that stopped', () => {
	/** An assistant with one case and a run of it queued; returns their ids. */
	async function queuedRun(name: string): Promise<{ id: string; runId: string }> {
		const { bob } = fixture;
		const id = await makeAssistant(bob, { name, visibility: 'private' });
		expect((await addCase(bob, id)).status).toBe(201);
		const started = await json(await startRun(bob, id));
		expect(started.status).toBe(202);
		return { id, runId: started.body.id as string };
	}

	/** Makes the run look as a dead server left it: running, its job held by that server with no heartbeat for an hour. */
	async function abandon(runId: string, attempts: number): Promise<void> {
		await db(sql`update assistant_evaluations set status = 'running', started_at = now() where id = ${runId}`);
		await db(sql`
			update jobs set status = 'running', locked_by = 'dead-instance', attempts = ${attempts},
				heartbeat_at = now() - interval '1 hour'
			where id = (select job_id from assistant_evaluations where id = ${runId})`);
	}

	it('is resumed by another instance while its job has attempts left, and blocks a second run until then', async () => {
		const { bob } = fixture;
		const { id, runId } = await queuedRun('Resumed vaccines');
		await abandon(runId, 1);
		expect(await json(await startRun(bob, id))).toMatchObject({
			status: 409,
			body: { message: 'A run of version 1 is already in progress. Wait for it to finish, then start another.' }
		});
		expect(await runNextJob()).toBe(true);
		expect(await getRun(bob, id, runId)).toMatchObject({ status: 'completed', passRate: 1, error: null });
	});

	it('is failed with the reason when its job stopped on its last attempt, so a new run starts at once', async () => {
		const { bob } = fixture;
		const { id, runId } = await queuedRun('Stopped vaccines');
		await abandon(runId, 3);
		const again = await json(await startRun(bob, id));
		expect(again.status).toBe(202);
		expect(await getRun(bob, id, runId)).toMatchObject({
			status: 'failed',
			error:
				'The run stopped because the server running it stopped, and it could not be resumed after every attempt. Start a new run.'
		});
		expect(await runNextJob()).toBe(true);
		expect(await getRun(bob, id, again.body.id as string)).toMatchObject({ status: 'completed' });
	});

	it('is not started again once it has been failed as abandoned, even by a job that read it before', async () => {
		const { bob } = fixture;
		const { id, runId } = await queuedRun('Ended vaccines');
		await abandon(runId, 3);
		expect(await recoverAbandonedRuns(id)).toEqual([runId]);
		// A job that read the run just before it was failed tries to mark it running: refused, left failed.
		expect(await markEvaluationRunning(runId)).toBe(false);
		expect(await getRun(bob, id, runId)).toMatchObject({ status: 'failed', results: [] });
		// And a job that reads it afterwards does nothing with it.
		await db(
			sql`update jobs set status = 'queued', run_after = now(), attempts = 2 where id = (select job_id from assistant_evaluations where id = ${runId})`
		);
		expect(await runNextJob()).toBe(true);
		expect(await getRun(bob, id, runId)).toMatchObject({ status: 'failed', results: [] });
	});

	it('leaves a command-line run (no job) alone while it makes progress, and fails it after 15 idle minutes', async () => {
		const { bob } = fixture;
		const id = await makeAssistant(bob, { name: 'Command-line vaccines', visibility: 'private' });
		const run = await insertEvaluation({
			assistantId: id,
			assistantVersion: 1,
			model: 'stub-model',
			total: 1,
			requestedBy: null
		});
		await db(
			sql`update assistant_evaluations set status = 'running', created_at = now() - interval '20 minutes', started_at = now() - interval '5 minutes' where id = ${run.id}`
		);
		expect(await recoverAbandonedRuns()).not.toContain(run.id);
		await db(sql`update assistant_evaluations set started_at = now() - interval '16 minutes' where id = ${run.id}`);
		expect(await recoverAbandonedRuns()).toContain(run.id);
		expect(await getRun(bob, id, run.id)).toMatchObject({
			status: 'failed',
			error:
				'The run made no progress for 15 minutes: the command that started it (npm run eval:assistants) has stopped. Start a new run.'
		});
		// The command finishing afterwards does not overwrite the failure.
		await finishEvaluation(run.id, 'completed');
		expect(await getRun(bob, id, run.id)).toMatchObject({ status: 'failed' });
	});

	it('lists runs of a known suite only', async () => {
		const { bob } = fixture;
		const { id } = await queuedRun('Suited vaccines');
		const list = (suite: string) =>
			callRoute(runsRoute.GET, { user: bob, path: `/api/assistants/${id}/evaluations?suite=${suite}`, params: { id } });
		expect((await list('inclusive-audit')).status).toBe(200);
		const bogus = await json(await list('bogus'));
		expect(bogus).toMatchObject({
			status: 400,
			body: { message: expect.stringMatching(/^suite must be one of assistant, inclusive-audit/) }
		});
		await db(sql`update jobs set status = 'failed' where status = 'queued'`);
	});

	it('is failed as lost when its job is gone, and shows as failed on the list', async () => {
		const { bob } = fixture;
		const { id, runId } = await queuedRun('Lost vaccines');
		await db(sql`delete from jobs where id = (select job_id from assistant_evaluations where id = ${runId})`);
		await db(
			sql`update assistant_evaluations set status = 'running', created_at = now() - interval '5 minutes' where id = ${runId}`
		);
		const listed = await callRoute(runsRoute.GET, {
			user: bob,
			path: `/api/assistants/${id}/evaluations`,
			params: { id }
		});
		const runs = ((await listed.json()) as { evaluations: { id: string; status: string; error: string | null }[] })
			.evaluations;
		expect(runs.find((r) => r.id === runId)).toMatchObject({
			status: 'failed',
			error: 'The run was lost before it could finish: its background job no longer exists. Start a new run.'
		});
		expect((await startRun(bob, id)).status).toBe(202);
	});

	it('keeps blocking while its server is alive and sending heartbeats', async () => {
		const { bob } = fixture;
		const { id, runId } = await queuedRun('Live vaccines');
		await abandon(runId, 3);
		await db(
			sql`update jobs set heartbeat_at = now() where id = (select job_id from assistant_evaluations where id = ${runId})`
		);
		expect((await startRun(bob, id)).status).toBe(409);
		expect(await getRun(bob, id, runId)).toMatchObject({ status: 'running' });
		await db(
			sql`update jobs set status = 'failed' where id = (select job_id from assistant_evaluations where id = ${runId})`
		);
	});

	it('is failed with the reason when it was an inclusive-language audit, and does not block the next audit', async () => {
		const { alice: admin } = fixture;
		const id = await makeAssistant(admin, { name: 'Audited vaccines' });
		const first = await queueInclusiveAudit({ assistantId: id, requestedBy: admin.id });
		expect(first.ok).toBe(true);
		const runId = first.ok ? first.value.id : '';
		await abandon(runId, 3);
		// The report page fails every abandoned run on opening (no assistant named), audits included.
		expect(await recoverAbandonedRuns()).toContain(runId);
		await abandon(runId, 3);
		await db(
			sql`update assistant_evaluations set status = 'running', error = null, finished_at = null where id = ${runId}`
		);
		const again = await queueInclusiveAudit({ assistantId: id, requestedBy: admin.id });
		expect(again.ok).toBe(true);
		const [left] = await db(sql`select status, error from assistant_evaluations where id = ${runId}`);
		expect(left).toMatchObject({ status: 'failed' });
		expect(String((left as { error: string }).error)).toMatch(/the server running it stopped/);
		// Nothing of these audits is left for the other tests' job runs.
		await db(sql`update jobs set status = 'failed' where kind = 'assistant-evaluation' and status <> 'succeeded'`);
	});
});
