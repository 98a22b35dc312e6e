import { describe, expect, it } from 'vitest';
import { firstRefusal, RateLimiter, retryMessage, signInByAccount, signInByIp, signUpByIp } from './rate-limit';

const MINUTE = 60_000;

function hitTimes(limiter: RateLimiter, key: string, times: number, now: number): void {
	for (let i = 0; i < times; i++) limiter.hit(key, now);
}

describe('RateLimiter', () => {
	it('allows up to the limit, then refuses with the seconds until the window ends', () => {
		const limiter = new RateLimiter(3, 10 * MINUTE);
		const t0 = 1_000_000;

		hitTimes(limiter, 'ip', 2, t0);
		expect(limiter.check('ip', t0)).toEqual({ allowed: true });
		limiter.hit('ip', t0);
		expect(limiter.check('ip', t0)).toEqual({ allowed: false, retryAfterSeconds: 600 });
		expect(limiter.check('ip', t0 + 4 * MINUTE + 500)).toEqual({ allowed: false, retryAfterSeconds: 360 });
	});

	it('rounds the wait up to whole seconds', () => {
		const limiter = new RateLimiter(1, 10_000);
		limiter.hit('ip', 0);
		expect(limiter.check('ip', 9_999)).toEqual({ allowed: false, retryAfterSeconds: 1 });
		expect(limiter.check('ip', 8_001)).toEqual({ allowed: false, retryAfterSeconds: 2 });
	});

	it('checking does not count as an attempt', () => {
		const limiter = new RateLimiter(1, MINUTE);
		for (let i = 0; i < 10; i++) expect(limiter.check('ip', 0).allowed).toBe(true);
		limiter.hit('ip', 0);
		expect(limiter.check('ip', 0).allowed).toBe(false);
	});

	it('starts a fresh window once the old one ends', () => {
		const limiter = new RateLimiter(2, MINUTE);
		hitTimes(limiter, 'ip', 2, 0);
		expect(limiter.check('ip', MINUTE - 1).allowed).toBe(false);
		expect(limiter.check('ip', MINUTE).allowed).toBe(true);

		limiter.hit('ip', MINUTE);
		expect(limiter.check('ip', MINUTE).allowed).toBe(true);
		limiter.hit('ip', MINUTE);
		expect(limiter.check('ip', MINUTE)).toEqual({ allowed: false, retryAfterSeconds: 60 });
	});

	it('counts each key separately', () => {
		const limiter = new RateLimiter(1, MINUTE);
		limiter.hit('a', 0);
		expect(limiter.check('a', 0).allowed).toBe(false);
		expect(limiter.check('b', 0).allowed).toBe(true);
	});

	it('forgets a key on reset (a successful sign-in clears failures)', () => {
		const limiter = new RateLimiter(1, MINUTE);
		limiter.hit('a', 0);
		limiter.reset('a');
		expect(limiter.check('a', 0).allowed).toBe(true);
	});

	it('stays within maxKeys, dropping ended windows before live ones', () => {
		const limiter = new RateLimiter(1, 1000, 3);
		limiter.hit('a', 0);
		limiter.hit('b', 500); // ends at 1500
		limiter.hit('a', 1000); // a fresh window for 'a', ending at 2000, though 'a' is still the oldest key
		limiter.hit('c', 1200); // ends at 2200

		// At 1600 only 'b' has ended: making room for 'd' removes 'b', not the oldest key 'a'.
		limiter.hit('d', 1600);
		expect(limiter.check('a', 1600).allowed).toBe(false);
		expect(limiter.check('c', 1600).allowed).toBe(false);
		expect(limiter.check('d', 1600).allowed).toBe(false);
	});

	it('drops the oldest live window when every window is live, rather than growing', () => {
		const limiter = new RateLimiter(1, 1000, 2);
		limiter.hit('a', 0);
		limiter.hit('b', 10);
		limiter.hit('c', 20);

		expect(limiter.check('a', 20).allowed).toBe(true);
		expect(limiter.check('b', 20).allowed).toBe(false);
		expect(limiter.check('c', 20).allowed).toBe(false);
	});

	it('has the documented limits for sign-in and sign-up', () => {
		expect([signInByIp.limit, signInByIp.windowMs]).toEqual([30, 15 * MINUTE]);
		expect([signInByAccount.limit, signInByAccount.windowMs]).toEqual([5, 15 * MINUTE]);
		expect([signUpByIp.limit, signUpByIp.windowMs]).toEqual([10, 60 * MINUTE]);
	});
});

describe('retryMessage', () => {
	it.each([
		[0, 'Too many attempts. Try again in 1 minute'],
		[1, 'Too many attempts. Try again in 1 minute'],
		[60, 'Too many attempts. Try again in 1 minute'],
		[61, 'Too many attempts. Try again in 2 minutes'],
		[900, 'Too many attempts. Try again in 15 minutes']
	])('after %i seconds says %j', (seconds, message) => {
		expect(retryMessage(seconds)).toBe(message);
	});
});

describe('firstRefusal', () => {
	it('returns the first refusal, or allowed when nothing refuses', () => {
		const refusal = { allowed: false as const, retryAfterSeconds: 30 };
		expect(firstRefusal({ allowed: true }, refusal, { allowed: false, retryAfterSeconds: 90 })).toBe(refusal);
		expect(firstRefusal({ allowed: true }, { allowed: true })).toEqual({ allowed: true });
		expect(firstRefusal()).toEqual({ allowed: true });
	});
});
