/**
 * Messages between instances go through the database (LISTEN/NOTIFY on PostgreSQL, PGlite's listen
 * in-process): Stop reaches the answer being written, and a cache change drops every copy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerAbort, activeAnswerCount, requestStop, trackAnswer } from '$lib/server/cluster/answers';
import { publishClusterMessage, startClusterBus, stopClusterBus } from '$lib/server/cluster/bus';
import { sharedCache } from '$lib/server/cluster/caches';
import { setupTestDatabase, type TestDatabase } from '../helpers/test-db';

let testDb: TestDatabase;

beforeAll(async () => {
	testDb = await setupTestDatabase();
	await startClusterBus();
});

afterAll(async () => {
	await stopClusterBus();
	await testDb?.teardown();
});

/** The abort reason, once aborted (PGlite delivers a notification before the NOTIFY query returns). */
function aborted(signal: AbortSignal): Promise<unknown> {
	if (signal.aborted) return Promise.resolve(signal.reason);
	return new Promise((resolve) => signal.addEventListener('abort', () => resolve(signal.reason), { once: true }));
}

describe('the cluster bus', () => {
	it('delivers a stop sent by another instance to the answer being written here', async () => {
		const controller = new AbortController();
		const messageId = crypto.randomUUID();
		const untrack = trackAnswer(messageId, controller);
		expect(activeAnswerCount()).toBe(1);
		// As another instance would send it: only through the database.
		await publishClusterMessage({ type: 'stop-answer', messageId });
		const reason = await aborted(controller.signal);
		expect(reason).toBeInstanceOf(AnswerAbort);
		expect((reason as AnswerAbort).reason).toBe('stopped');
		untrack();
		expect(activeAnswerCount()).toBe(0);
	});

	it('leaves other answers alone, and stopping an answer here needs no round trip', async () => {
		const mine = new AbortController();
		const other = new AbortController();
		const untrackMine = trackAnswer(crypto.randomUUID(), mine);
		const otherId = crypto.randomUUID();
		const untrackOther = trackAnswer(otherId, other);
		await requestStop(otherId);
		expect(other.signal.aborted).toBe(true);
		await publishClusterMessage({ type: 'stop-answer', messageId: crypto.randomUUID() });
		await new Promise((r) => setTimeout(r, 200));
		expect(mine.signal.aborted).toBe(false);
		untrackMine();
		untrackOther();
	});

	it('drops a shared cache when any instance invalidates it', async () => {
		let drops = 0;
		let dropped!: () => void;
		const seen = new Promise<void>((resolve) => (dropped = resolve));
		sharedCache('test-cache', () => {
			drops++;
			dropped();
		});
		await publishClusterMessage({ type: 'invalidate-cache', cache: 'test-cache' });
		await seen;
		expect(drops).toBe(1);
	});
});
