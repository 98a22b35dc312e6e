/**
 * Retention: chats with no activity for longer than the `retention.days` setting are deleted by a
 * job queued every six hours (once across all instances) and by `npm run retention`. Each run is
 * audited with its counts.
 */
import { pruneRateWindows } from '../db/queries/rate-limits';
import { deleteChatsInactiveSince } from '../db/queries/retention';
import { registerJobKind } from '../jobs/registry';
import { scheduleRecurringJob } from '../jobs/schedule';
import { logger } from '../observability/log';
import { audit } from './audit';
import { getSetting } from './settings';

export const RETENTION_INTERVAL_MS = 6 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export type RetentionResult = { days: number; cutoff: Date; chats: number; messages: number };

/** Deletes chats last active more than `retention.days` days before `now`, and audits the run. */
export async function runRetention(
	options: { now?: Date; actorId?: string | null; trigger?: 'schedule' | 'command' } = {}
): Promise<RetentionResult> {
	const now = options.now ?? new Date();
	const days = await getSetting('retention.days');
	const cutoff = new Date(now.getTime() - days * DAY_MS);
	const deleted = await deleteChatsInactiveSince(cutoff);
	await audit(null, 'retention.run', {
		actorId: options.actorId ?? null,
		details: {
			days,
			cutoff: cutoff.toISOString(),
			chatsDeleted: deleted.chats,
			messagesDeleted: deleted.messages,
			trigger: options.trigger ?? 'schedule'
		}
	});
	return { days, cutoff, ...deleted };
}

export const RETENTION_JOB = 'retention.run';

registerJobKind(RETENTION_JOB, async () => {
	// Ended sign-in and sign-up windows are housekeeping of the same kind.
	await pruneRateWindows();
	const result = await runRetention();
	if (result.chats) logger().info({ chats: result.chats, days: result.days }, 'retention deleted inactive chats');
});

/**
 * Queues a retention run for each period (six hours by default), once across all instances: the
 * shared queue gives it to one of them. Returns a stop function.
 */
export function startRetentionSchedule(intervalMs = RETENTION_INTERVAL_MS): () => void {
	return scheduleRecurringJob(RETENTION_JOB, intervalMs);
}
