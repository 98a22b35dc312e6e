/**
 * Retention: chats with no activity for longer than the `retention.days` setting are deleted, at
 * start-up and every six hours while the server runs (and by `npm run retention`). Each run is audited
 * with its counts.
 */
import { deleteChatsInactiveSince } from '../db/queries/retention';
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

/**
 * Runs retention now and then every `intervalMs`. The timer is unref'd so that it never keeps the
 * process alive; a failed run is logged and tried again at the next interval. Returns a stop function.
 */
export function startRetentionSchedule(intervalMs = RETENTION_INTERVAL_MS): () => void {
	let running = false;
	const tick = async () => {
		if (running) return;
		running = true;
		try {
			const result = await runRetention();
			if (result.chats) console.log(`Retention: deleted ${result.chats} chat(s) inactive for over ${result.days} days`);
		} catch (e) {
			console.error('Retention run failed; it will be tried again later', e);
		} finally {
			running = false;
		}
	};
	void tick();
	const timer = setInterval(() => void tick(), intervalMs);
	timer.unref();
	return () => clearInterval(timer);
}
