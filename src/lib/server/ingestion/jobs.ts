/**
 * Background jobs: batches of uploaded files and re-embedding. The queue is a database table, so
 * work survives a restart: a job whose server stopped is claimed again once its heartbeat is stale,
 * and items already finished are not redone.
 */
import {
	claimNextJob,
	completeJobFile,
	enqueueJob,
	findActiveJob,
	finishJob,
	nextQueuedJobFile,
	updateJobProgress
} from '../db/queries/jobs';
import type { Job } from '../db/schema';
import { ingestFile } from './pipeline';
import { reembedChunks } from './reembed';

export const UPLOAD_JOB = 'corpus.upload';
export const REEMBED_JOB = 'corpus.reembed';

export async function startUploadJob(input: {
	collectionId: string;
	draft: boolean;
	actorId: string | null;
	files: { fileName: string; bytes: Uint8Array; refused?: string }[];
}): Promise<Job> {
	return enqueueJob({
		kind: UPLOAD_JOB,
		payload: { collectionId: input.collectionId, draft: input.draft },
		createdBy: input.actorId,
		files: input.files
	});
}

/** Queues re-embedding unless one is already queued or running. */
export async function startReembedJob(actorId: string | null): Promise<Job> {
	return (await findActiveJob(REEMBED_JOB)) ?? enqueueJob({ kind: REEMBED_JOB, createdBy: actorId });
}

async function runUpload(job: Job): Promise<void> {
	const payload = job.payload as { collectionId: string; draft: boolean };
	let processed = job.progress;
	for (let file = await nextQueuedJobFile(job.id); file; file = await nextQueuedJobFile(job.id)) {
		const result = await ingestFile({
			bytes: file.bytes ?? new Uint8Array(),
			fileName: file.fileName,
			collectionId: payload.collectionId,
			draft: payload.draft,
			actorId: job.createdBy
		});
		await completeJobFile(file.id, {
			status: !result.ok
				? 'failed'
				: result.outcome === 'duplicate' || result.outcome === 'unchanged'
					? 'skipped'
					: 'done',
			message: result.message,
			documentId: result.ok ? result.documentId : null
		});
		await updateJobProgress(job.id, ++processed);
	}
}

/** Runs one waiting job to the end; false when there was none. */
export async function runNextJob(): Promise<boolean> {
	const job = await claimNextJob();
	if (!job) return false;
	try {
		if (job.kind === UPLOAD_JOB) await runUpload(job);
		else if (job.kind === REEMBED_JOB) await reembedChunks((done, total) => updateJobProgress(job.id, done, total));
		else throw new Error(`Unknown job kind ${job.kind}`);
		await finishJob(job.id, {});
	} catch (e) {
		console.error(`[job ${job.id}] ${job.kind} failed`, e);
		await finishJob(job.id, {
			error: 'The job stopped because of an unexpected error. Try again, or ask for support.'
		});
	}
	return true;
}

let running = false;

/** Polls for jobs in this process until stopped. */
export function startJobWorker(intervalMs = 1000): () => void {
	let stopped = false;
	let timer: NodeJS.Timeout | undefined;
	const tick = async () => {
		if (stopped) return;
		if (!running) {
			running = true;
			try {
				while (!stopped && (await runNextJob()));
			} catch (e) {
				console.error('[jobs] worker error', e);
			} finally {
				running = false;
			}
		}
		if (!stopped) timer = setTimeout(tick, intervalMs);
	};
	timer = setTimeout(tick, 0);
	return () => {
		stopped = true;
		clearTimeout(timer);
	};
}
