/**
 * Fixed-window attempt counters kept in memory. One server process is the supported deployment;
 * several processes would each count separately (documented in the README).
 */
export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class RateLimiter {
	private readonly windows = new Map<string, { count: number; resetAt: number }>();

	constructor(
		readonly limit: number,
		readonly windowMs: number,
		private readonly maxKeys = 50_000
	) {}

	/** Whether another attempt is allowed now, without counting one. */
	check(key: string, now = Date.now()): RateLimitResult {
		const w = this.windows.get(key);
		if (!w || w.resetAt <= now || w.count < this.limit) return { allowed: true };
		return { allowed: false, retryAfterSeconds: Math.ceil((w.resetAt - now) / 1000) };
	}

	/** Counts one attempt. */
	hit(key: string, now = Date.now()): void {
		const w = this.windows.get(key);
		if (!w || w.resetAt <= now) {
			if (this.windows.size >= this.maxKeys) this.prune(now);
			this.windows.set(key, { count: 1, resetAt: now + this.windowMs });
		} else {
			w.count += 1;
		}
	}

	reset(key: string): void {
		this.windows.delete(key);
	}

	private prune(now: number): void {
		for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
		// Still full of live windows: drop the oldest rather than grow without bound.
		while (this.windows.size >= this.maxKeys) {
			const oldest = this.windows.keys().next().value;
			if (oldest === undefined) break;
			this.windows.delete(oldest);
		}
	}
}

const MINUTE = 60_000;
/** Every sign-in attempt from one address. */
export const signInByIp = new RateLimiter(30, 15 * MINUTE);
/** Failed sign-ins for one account, whichever address they come from. */
export const signInByAccount = new RateLimiter(5, 15 * MINUTE);
/** Accounts created from one address. */
export const signUpByIp = new RateLimiter(10, 60 * MINUTE);

/** "Try again in N minutes", rounded up, for a person to read. */
export function retryMessage(retryAfterSeconds: number): string {
	const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
	return `Too many attempts. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

/** Returns the first limiter result that refuses, or allowed. */
export function firstRefusal(...results: RateLimitResult[]): RateLimitResult {
	return results.find((r) => !r.allowed) ?? { allowed: true };
}
