/**
 * The guidance library's background jobs: batches of uploaded files and re-embedding, on the shared
 * PostgreSQL queue (lib/server/jobs). A job whose instance stopped is claimed again by another once its
 * heartbeat is stale, and files already finished are not redone.
 */
import { completeJobFile, enqueueJob, findActiveJob, nextQueuedJobFile } from '../db/queries/jobs';
import type { Job } from '../db/schema';
import { registerJobKind, type JobContext } from '../jobs/registry';
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

async function runUpload(job: Job, context: JobContext): Promise<void> {
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
		await context.progress(++processed);
	}
}

registerJobKind(UPLOAD_JOB, (job, context) => runUpload(job, context));
registerJobKind(REEMBED_JOB, async (_job, context) => {
	await reembedChunks((done, total) => context.progress(done, total));
});

export { runNextJob, startJobWorker } from '../jobs/worker';
