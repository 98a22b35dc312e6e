import { sql } from 'drizzle-orm';
import type { GuardAction } from '$lib/schemas/personal-data';
import { getDb } from '..';
import { guardEvents, type GuardEvent } from '../schema';
import { rowsOf } from './rows';

/** Records what the personal-data guard found and what the person did: kinds and counts only. */
export async function insertGuardEvent(input: {
	userId: string | null;
	counts: Record<string, number>;
	action: GuardAction;
	reason?: string | null;
}): Promise<void> {
	const db = await getDb();
	await db.insert(guardEvents).values({
		userId: input.userId,
		counts: input.counts,
		action: input.action,
		reason: input.reason ?? null
	});
}

/** Guard events, newest first (for checks and the audit of what people did). */
export async function listGuardEvents(limit = 100): Promise<GuardEvent[]> {
	const db = await getDb();
	return db
		.select()
		.from(guardEvents)
		.orderBy(sql`${guardEvents.createdAt} desc`)
		.limit(limit);
}

/** Totals by kind and action over a date range (start inclusive, end exclusive), for monitoring. */
export async function guardCountsByKind(range: {
	from?: Date;
	to?: Date;
}): Promise<{ kind: string; action: string; events: number; found: number }[]> {
	const db = await getDb();
	const from = range.from ? sql`and g.created_at >= ${range.from.toISOString()}::timestamptz` : sql``;
	const to = range.to ? sql`and g.created_at < ${range.to.toISOString()}::timestamptz` : sql``;
	const result = await db.execute(sql`
		select c.key as kind, g.action, count(*)::int as events, sum(c.value::int)::int as found
		from guard_events g cross join lateral jsonb_each_text(g.counts) as c
		where true ${from} ${to}
		group by c.key, g.action
		order by c.key, g.action`);
	return rowsOf<{ kind: string; action: string; events: number; found: number }>(result);
}
