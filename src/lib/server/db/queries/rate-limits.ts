import { eq, sql } from 'drizzle-orm';
import { getDb } from '..';
import { rateLimits } from '../schema';
import { rowsOf } from './rows';

export type RateWindow = { count: number; secondsLeft: number };

/** The live window for a key (by the database's clock), or undefined when none is running. */
export async function readRateWindow(key: string): Promise<RateWindow | undefined> {
	const db = await getDb();
	const [row] = rowsOf<{ count: number; seconds_left: number | string }>(
		await db.execute(sql`
			select count, extract(epoch from reset_at - now()) as seconds_left
			from rate_limits where key = ${key} and reset_at > now()`)
	);
	return row ? { count: Number(row.count), secondsLeft: Number(row.seconds_left) } : undefined;
}

/**
 * Counts one attempt in one statement, so that attempts arriving at several instances at once are all
 * counted: a new window starts when there is none or the last one has ended.
 */
export async function hitRateWindow(key: string, windowSeconds: number): Promise<RateWindow> {
	const db = await getDb();
	const [row] = rowsOf<{ count: number; seconds_left: number | string }>(
		await db.execute(sql`
			insert into rate_limits (key, count, reset_at)
			values (${key}, 1, now() + make_interval(secs => ${windowSeconds}))
			on conflict (key) do update set
				count = case when rate_limits.reset_at <= now() then 1 else rate_limits.count + 1 end,
				reset_at = case when rate_limits.reset_at <= now() then excluded.reset_at else rate_limits.reset_at end
			returning count, extract(epoch from reset_at - now()) as seconds_left`)
	);
	return { count: Number(row.count), secondsLeft: Number(row.seconds_left) };
}

export async function deleteRateWindow(key: string): Promise<void> {
	const db = await getDb();
	await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

/** Drops windows that ended; returns how many. */
export async function pruneRateWindows(): Promise<number> {
	const db = await getDb();
	const rows = await db
		.delete(rateLimits)
		.where(sql`${rateLimits.resetAt} < now()`)
		.returning({ key: rateLimits.key });
	return rows.length;
}
