/**
 * Runs jobs from the PostgreSQL queue. Any number of instances may run a worker: each claim takes one
 * job that no other instance holds, the holder sends heartbeats while it works, and a job whose holder
 * stopped sending them (it died) is claimed again by a survivor. A job that throws is retried after a
 * pause until its attempts are used up.
 */
import { getConfig } from '../config';
import { claimNextJob, failJobAttempt, finishJob, heartbeatJob, updateJobProgress } from '../db/queries/jobs';
import { errorFields, logger } from '../observability/log';
import { jobsFinished } from '../observability/metrics';
import { INSTANCE_ID } from './instance';
import { jobHandler, registeredJobKinds } from './registry';

const FAILURE_MESSAGE = 'The job stopped because of an unexpected error. Try again, or ask for support.';

/** Runs one due job to the end; false when there was none. */
export async function runNextJob(): Promise<boolean> {
	const staleSeconds = getConfig().operations.jobStaleSeconds;
	const job = await claimNextJob({ kinds: registeredJobKinds(), instance: INSTANCE_ID, staleSeconds });
	if (!job) return false;
	const log = logger().child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
	const handler = jobHandler(job.kind);
	// Several heartbeats fit in the stale period, so one slow query does not make the job look abandoned.
	const beat = setInterval(
		() => void heartbeatJob(job.id, INSTANCE_ID).catch((e) => log.warn(errorFields(e), 'job heartbeat failed')),
		Math.max(500, (staleSeconds * 1000) / 4)
	);
	beat.unref();
	try {
		if (!handler) throw new Error(`No handler for job kind ${job.kind}`);
		log.info('job started');
		await handler(job, { progress: (done, total) => updateJobProgress(job.id, done, total) });
		await finishJob(job.id, INSTANCE_ID);
		jobsFinished.inc({ kind: job.kind, outcome: 'succeeded' });
		log.info('job succeeded');
	} catch (e) {
		const status = await failJobAttempt(job.id, INSTANCE_ID, FAILURE_MESSAGE);
		jobsFinished.inc({ kind: job.kind, outcome: status === 'queued' ? 'retry' : 'failed' });
		log.error({ ...errorFields(e), status }, status === 'queued' ? 'job attempt failed; will retry' : 'job failed');
	} finally {
		clearInterval(beat);
	}
	return true;
}

let running = false;

/** Polls for jobs in this process until stopped. The returned function stops it and resolves when idle. */
export function startJobWorker(intervalMs = 1000): () => Promise<void> {
	let stopped = false;
	let timer: NodeJS.Timeout | undefined;
	let current: Promise<void> = Promise.resolve();
	const drain = async () => {
		while (!stopped && (await runNextJob()));
	};
	const tick = async () => {
		if (stopped) return;
		if (!running) {
			running = true;
			current = drain()
				.catch((e) => logger().error(errorFields(e), 'job worker error'))
				.finally(() => {
					running = false;
				});
			await current;
		}
		if (!stopped) timer = setTimeout(tick, intervalMs);
	};
	timer = setTimeout(tick, 0);
	return async () => {
		stopped = true;
		clearTimeout(timer);
		await current;
	};
}
