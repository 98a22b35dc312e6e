import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { RateLimiter } from '$lib/server/auth/rate-limit';
import { pruneRateWindows } from '$lib/server/db/queries/rate-limits';
import { queryRows, setupTestDatabase, type TestDatabase } from '../helpers/test-db';

const MINUTE = 60_000;
let testDb: TestDatabase;

beforeAll(async () => {
	testDb = await setupTestDatabase();
});

afterAll(async () => {
	await testDb?.teardown();
});

/** Moves a key's window into the past, as if its time had run out. */
async function endWindow(key: string): Promise<void> {
	await queryRows(testDb.handle, sql`update rate_limits set reset_at = now() - interval '1 second' where key = ${key}`);
}

describe('RateLimiter in the database', () => {
	it('allows up to the limit, then refuses with the seconds until the window ends', async () => {
		const limiter = new RateLimiter('t-limit', 3, 10 * MINUTE);
		await limiter.hit('ip');
		await limiter.hit('ip');
		expect(await limiter.check('ip')).toEqual({ allowed: true });
		await limiter.hit('ip');
		const refused = await limiter.check('ip');
		expect(refused.allowed).toBe(false);
		if (!refused.allowed) {
			expect(refused.retryAfterSeconds).toBeGreaterThan(590);
			expect(refused.retryAfterSeconds).toBeLessThanOrEqual(600);
		}
	});

	it('checking does not count as an attempt; keys and limiters count separately', async () => {
		const a = new RateLimiter('t-a', 1, MINUTE);
		const b = new RateLimiter('t-b', 1, MINUTE);
		for (let i = 0; i < 5; i++) expect((await a.check('x')).allowed).toBe(true);
		await a.hit('x');
		expect((await a.check('x')).allowed).toBe(false);
		expect((await a.check('y')).allowed).toBe(true);
		expect((await b.check('x')).allowed).toBe(true);
	});

	it('starts a fresh window once the old one ends, and reset forgets a key', async () => {
		const limiter = new RateLimiter('t-window', 2, MINUTE);
		await limiter.hit('k');
		await limiter.hit('k');
		expect((await limiter.check('k')).allowed).toBe(false);
		await endWindow('t-window:k');
		expect((await limiter.check('k')).allowed).toBe(true);
		await limiter.hit('k');
		expect((await limiter.check('k')).allowed).toBe(true);
		await limiter.hit('k');
		expect((await limiter.check('k')).allowed).toBe(false);
		await limiter.reset('k');
		expect((await limiter.check('k')).allowed).toBe(true);
	});

	it('counts every one of many attempts made at the same moment', async () => {
		const limiter = new RateLimiter('t-race', 1000, MINUTE);
		await Promise.all(Array.from({ length: 40 }, () => limiter.hit('same')));
		const [row] = await queryRows<{ count: number }>(
			testDb.handle,
			sql`select count from rate_limits where key = 't-race:same'`
		);
		expect(Number(row.count)).toBe(40);
	});

	it('lets exactly the limit through when a burst of attempts arrives at once', async () => {
		const limiter = new RateLimiter('t-burst', 5, MINUTE);
		const results = await Promise.all(Array.from({ length: 30 }, () => limiter.consume('guesser')));
		expect(results.filter((r) => r.allowed)).toHaveLength(5);
		const refused = results.find((r) => !r.allowed);
		expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: expect.any(Number) });
		expect((await limiter.consume('guesser')).allowed).toBe(false);
		await limiter.reset('guesser');
		expect((await limiter.consume('guesser')).allowed).toBe(true);
	});

	it('prunes ended windows only', async () => {
		const limiter = new RateLimiter('t-prune', 1, MINUTE);
		await limiter.hit('old');
		await limiter.hit('live');
		await endWindow('t-prune:old');
		await pruneRateWindows();
		const keys = await queryRows<{ key: string }>(
			testDb.handle,
			sql`select key from rate_limits where key like 't-prune:%'`
		);
		expect(keys.map((k) => k.key)).toEqual(['t-prune:live']);
	});
});
