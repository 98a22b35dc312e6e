import { and, count, desc, eq, getTableColumns, gte, lt, sql } from 'drizzle-orm';
import { getDb } from '..';
import { auditEvents, users, type AuditEvent } from '../schema';

export type AuditInput = {
	actorId: string | null;
	action: string;
	targetType?: string;
	targetId?: string;
	requestId?: string;
	details?: Record<string, unknown>;
};

export async function insertAuditEvent(event: AuditInput): Promise<void> {
	const db = await getDb();
	await db.insert(auditEvents).values({
		actorId: event.actorId,
		action: event.action,
		targetType: event.targetType ?? null,
		targetId: event.targetId ?? null,
		requestId: event.requestId ?? null,
		details: event.details ?? {}
	});
}

export async function listAuditEvents(
	filter: { actorId?: string; action?: string; limit?: number } = {}
): Promise<AuditEvent[]> {
	const db = await getDb();
	const conditions = [
		filter.actorId ? eq(auditEvents.actorId, filter.actorId) : undefined,
		filter.action ? eq(auditEvents.action, filter.action) : undefined
	].filter((c) => c !== undefined);
	return db
		.select()
		.from(auditEvents)
		.where(conditions.length ? and(...conditions) : undefined)
		.orderBy(desc(auditEvents.id))
		.limit(filter.limit ?? 100);
}

export type AuditSearch = {
	/** Part of the actor's email address (case-insensitive). */
	actorEmail?: string;
	action?: string;
	/** Inclusive lower bound. */
	from?: Date;
	/** Exclusive upper bound. */
	before?: Date;
	limit: number;
	offset: number;
};

export type AuditEventWithActor = AuditEvent & { actorName: string | null; actorEmail: string | null };

/** A page of events, newest first, with the actor's name and email where the account still exists, and the total. */
export async function searchAuditEvents(
	search: AuditSearch
): Promise<{ events: AuditEventWithActor[]; total: number }> {
	const db = await getDb();
	const email = search.actorEmail?.trim().toLowerCase();
	const conditions = [
		email ? sql`lower(${users.email}) like ${'%' + email.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}` : undefined,
		search.action ? eq(auditEvents.action, search.action) : undefined,
		search.from ? gte(auditEvents.occurredAt, search.from) : undefined,
		search.before ? lt(auditEvents.occurredAt, search.before) : undefined
	].filter((c) => c !== undefined);
	const where = conditions.length ? and(...conditions) : undefined;
	const [events, [counted]] = await Promise.all([
		db
			.select({ ...getTableColumns(auditEvents), actorName: users.name, actorEmail: users.email })
			.from(auditEvents)
			.leftJoin(users, eq(users.id, auditEvents.actorId))
			.where(where)
			.orderBy(desc(auditEvents.id))
			.limit(search.limit)
			.offset(search.offset),
		db.select({ n: count() }).from(auditEvents).leftJoin(users, eq(users.id, auditEvents.actorId)).where(where)
	]);
	return { events, total: counted?.n ?? 0 };
}
