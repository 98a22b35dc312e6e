/**
 * Fixed-window attempt counters kept in PostgreSQL (the `rate_limits` table), so that several app
 * instances sharing one database count the same attempts: five failed sign-ins spread over two
 * instances lock the account on both.
 */
import { deleteRateWindow, hitRateWindow, readRateWindow } from '../db/queries/rate-limits';

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class RateLimiter {
	constructor(
		/** Names this limiter's keys in the shared table. */
		readonly name: string,
		readonly limit: number,
		readonly windowMs: number
	) {}

	private key(key: string): string {
		return `${this.name}:${key}`;
	}

	/** Whether another attempt is allowed now, without counting one. */
	async check(key: string): Promise<RateLimitResult> {
		const w = await readRateWindow(this.key(key));
		if (!w || w.count < this.limit) return { allowed: true };
		return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(w.secondsLeft)) };
	}

	/**
	 * Counts one attempt and says whether it is within the limit. Counting first (one atomic upsert) is
	 * what makes a limit hold against a burst: with a check before the count, every request of a burst
	 * sent at once would pass the check before any of them was counted.
	 */
	async consume(key: string): Promise<RateLimitResult> {
		const w = await hitRateWindow(this.key(key), this.windowMs / 1000);
		if (w.count <= this.limit) return { allowed: true };
		return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(w.secondsLeft)) };
	}

	/** Counts one attempt. */
	async hit(key: string): Promise<void> {
		await hitRateWindow(this.key(key), this.windowMs / 1000);
	}

	async reset(key: string): Promise<void> {
		await deleteRateWindow(this.key(key));
	}
}

const MINUTE = 60_000;
/** Every sign-in attempt from one address. */
export const signInByIp = new RateLimiter('sign-in-ip', 30, 15 * MINUTE);
/** Failed sign-ins for one account, whichever address they come from. */
export const signInByAccount = new RateLimiter('sign-in-account', 5, 15 * MINUTE);
/** Accounts created from one address. */
export const signUpByIp = new RateLimiter('sign-up-ip', 10, 60 * MINUTE);

/** "Try again in N minutes", rounded up, for a person to read. */
export function retryMessage(retryAfterSeconds: number): string {
	const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
	return `Too many attempts. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}
