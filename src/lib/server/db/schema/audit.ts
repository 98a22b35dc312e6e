import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only record of who did what. No foreign key on the actor so that the record outlives the
 * account; a trigger (migration 0002) rejects UPDATE and DELETE. Never store personal data from
 * user content here: kinds and counts only.
 */
export const auditEvents = pgTable(
	'audit_events',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
		actorId: uuid('actor_id'),
		action: text('action').notNull(),
		targetType: text('target_type'),
		targetId: text('target_id'),
		requestId: text('request_id'),
		details: jsonb('details').$type<Record<string, unknown>>().notNull().default({})
	},
	(t) => [
		index('audit_events_occurred_at_idx').on(t.occurredAt),
		index('audit_events_actor_id_idx').on(t.actorId),
		index('audit_events_action_idx').on(t.action)
	]
);

export type AuditEvent = typeof auditEvents.$inferSelect;
