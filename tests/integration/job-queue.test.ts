/**
 * The shared job queue's promises for several instances: each job is claimed by exactly one claimer
 * even when many claim at once, a failed attempt is retried after a pause until its attempts run out,
 * a job whose instance died (stale heartbeat) is taken over, and a scheduled job is queued once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import {
	claimNextJob,
	enqueueJob,
	enqueueSingletonJob,
	failJobAttempt,
	findJob,
	finishJob,
	heartbeatJob
} from '$lib/server/db/queries/jobs';
import { registerJobKind } from '$lib/server/jobs/registry';
import { periodKey } from '$lib/server/jobs/schedule';
import { runNextJob } from '$lib/server/jobs/worker';
import { queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;

beforeAll(async () => {
	testDb = await setupTestDatabase();
});

afterAll(async () => {
	await testDb?.teardown();
});

beforeEach(async () => {
	await queryRows(testDb.handle, sql`delete from jobs`);
});

async function makeDue(id: string): Promise<void> {
	await queryRows(testDb.handle, sql`update jobs set run_after = now() where id = ${id}::uuid`);
}

async function ageHeartbeat(id: string, seconds: number): Promise<void> {
	await queryRows(
		testDb.handle,
		sql`update jobs set heartbeat_at = now() - make_interval(secs => ${seconds}) where id = ${id}::uuid`
	);
}

describe('claiming', () => {
	it('gives each job to exactly one of many claimers asking at the same moment', async () => {
		const ids = new Set<string>();
		for (let i = 0; i < 12; i++) ids.add((await enqueueJob({ kind: 'test.claim' })).id);
		const claims = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				claimNextJob({ kinds: ['test.claim'], instance: `instance-${i % 2}`, staleSeconds: 60 })
			)
		);
		const claimed = claims.filter((j) => j !== undefined).map((j) => j.id);
		expect(claimed).toHaveLength(12);
		expect(new Set(claimed)).toEqual(ids);
		for (const id of ids) expect(await findJob(id)).toMatchObject({ status: 'running', attempts: 1 });
	});

	it('claims only the kinds it is asked for, and nothing before its time', async () => {
		const other = await enqueueJob({ kind: 'test.other' });
		expect(await claimNextJob({ kinds: ['test.claim'], instance: 'a', staleSeconds: 60 })).toBeUndefined();
		await queryRows(
			testDb.handle,
			sql`update jobs set run_after = now() + interval '1 hour' where id = ${other.id}::uuid`
		);
		expect(await claimNextJob({ kinds: ['test.other'], instance: 'a', staleSeconds: 60 })).toBeUndefined();
	});
});

describe('an instance that dies while running a job', () => {
	it('loses the job to a survivor once its heartbeat is stale, and cannot finish it afterwards', async () => {
		const job = await enqueueJob({ kind: 'test.stale' });
		const claim = (instance: string) => claimNextJob({ kinds: ['test.stale'], instance, staleSeconds: 30 });
		expect((await claim('dead'))?.id).toBe(job.id);
		expect(await claim('survivor')).toBeUndefined();
		expect(await heartbeatJob(job.id, 'dead')).toBe(true);

		await ageHeartbeat(job.id, 31);
		const taken = await claim('survivor');
		expect(taken).toMatchObject({ id: job.id, lockedBy: 'survivor', attempts: 2 });
		// The first holder, if it was only paused, finds the job is no longer its own.
		expect(await heartbeatJob(job.id, 'dead')).toBe(false);
		await finishJob(job.id, 'dead');
		expect(await findJob(job.id)).toMatchObject({ status: 'running', lockedBy: 'survivor' });
		await finishJob(job.id, 'survivor');
		expect(await findJob(job.id)).toMatchObject({ status: 'succeeded', lockedBy: null });
	});

	it('fails a job whose every attempt died with its instance, rather than trying it forever', async () => {
		const job = await enqueueJob({ kind: 'test.doomed', maxAttempts: 2 });
		const claim = (instance: string) => claimNextJob({ kinds: ['test.doomed'], instance, staleSeconds: 30 });
		expect((await claim('one'))?.id).toBe(job.id);
		await ageHeartbeat(job.id, 31);
		expect((await claim('two'))?.id).toBe(job.id);
		await ageHeartbeat(job.id, 31);
		expect(await claim('three')).toBeUndefined();
		const failed = await findJob(job.id);
		expect(failed).toMatchObject({ status: 'failed', attempts: 2 });
		expect(failed?.error).toMatch(/server running it stopped/);
	});
});

describe('retries', () => {
	it('queues a failed attempt again after a pause, and fails it for good when attempts run out', async () => {
		const job = await enqueueJob({ kind: 'test.retry', maxAttempts: 2 });
		await claimNextJob({ kinds: ['test.retry'], instance: 'a', staleSeconds: 60 });
		expect(await failJobAttempt(job.id, 'a', 'went wrong')).toBe('queued');
		const waiting = await findJob(job.id);
		expect(waiting).toMatchObject({ status: 'queued', attempts: 1, error: 'went wrong', lockedBy: null });
		expect(waiting!.runAfter.getTime()).toBeGreaterThan(Date.now());
		expect(await claimNextJob({ kinds: ['test.retry'], instance: 'a', staleSeconds: 60 })).toBeUndefined();

		await makeDue(job.id);
		expect((await claimNextJob({ kinds: ['test.retry'], instance: 'b', staleSeconds: 60 }))?.attempts).toBe(2);
		expect(await failJobAttempt(job.id, 'b', 'went wrong again')).toBe('failed');
		expect(await findJob(job.id)).toMatchObject({ status: 'failed', attempts: 2 });
	});

	it('runs a registered handler through the worker, retrying a throw until it succeeds', async () => {
		let calls = 0;
		registerJobKind('test.flaky', async () => {
			if (++calls === 1) throw new Error('first attempt fails');
		});
		const job = await enqueueJob({ kind: 'test.flaky' });
		expect(await runNextJob()).toBe(true);
		expect(await findJob(job.id)).toMatchObject({ status: 'queued', attempts: 1 });
		await makeDue(job.id);
		expect(await runNextJob()).toBe(true);
		expect(await findJob(job.id)).toMatchObject({ status: 'succeeded', attempts: 2, error: null });
		expect(calls).toBe(2);
		expect(await runNextJob()).toBe(false);
	});
});

describe('scheduled jobs', () => {
	it('are queued once per period however many instances offer them', async () => {
		const key = periodKey('test.scheduled', 6 * 60 * 60 * 1000);
		const offers = await Promise.all(
			Array.from({ length: 6 }, () => enqueueSingletonJob({ kind: 'test.scheduled', singletonKey: key }))
		);
		expect(offers.filter(Boolean)).toHaveLength(1);
		const rows = await queryRows<{ n: number | string }>(
			testDb.handle,
			sql`select count(*) as n from jobs where kind = 'test.scheduled'`
		);
		expect(Number(rows[0].n)).toBe(1);
		expect(periodKey('k', 1000, 5500)).toBe('k:5');
	});
});
