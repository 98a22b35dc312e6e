/**
 * Recurring jobs (retention) queued once per period across all instances: every instance offers the
 * period's job with the same singleton key, the database keeps the first, and the queue gives it to
 * exactly one worker.
 */
import { enqueueSingletonJob } from '../db/queries/jobs';
import { errorFields, logger } from '../observability/log';

/** The key of the period `now` falls in, e.g. `retention.run:20428` for the 20,428th period since 1970. */
export function periodKey(kind: string, periodMs: number, now = Date.now()): string {
	return `${kind}:${Math.floor(now / periodMs)}`;
}

/**
 * Offers a `kind` job for the current period now and then every minute (or every period, if shorter),
 * so a new period's job is queued soon after it begins whichever instances are up. Returns a stop function.
 */
export function scheduleRecurringJob(kind: string, periodMs: number): () => void {
	const offer = () =>
		void enqueueSingletonJob({ kind, singletonKey: periodKey(kind, periodMs) }).catch((e) =>
			logger().warn({ ...errorFields(e), kind }, 'could not queue a scheduled job')
		);
	offer();
	const timer = setInterval(offer, Math.min(periodMs, 60_000));
	timer.unref();
	return () => clearInterval(timer);
}
