import { and, desc, eq } from 'drizzle-orm';
import { getDb } from '..';
import { auditEvents, type AuditEvent } from '../schema';

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
