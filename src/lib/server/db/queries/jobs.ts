import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { getDb } from '..';
import { jobFiles, jobs, type Job, type JobFile, type JobFileStatus } from '../schema';
import { rowsOf } from './rows';

/** A running job whose heartbeat is older than this is taken to have died with its server. */
export const STALE_AFTER_SECONDS = 60;

export async function enqueueJob(input: {
	kind: string;
	payload?: Record<string, unknown>;
	total?: number;
	createdBy?: string | null;
	/** Files to stage; one with `refused` set is recorded as failed at once, without its bytes. */
	files?: { fileName: string; bytes: Uint8Array; refused?: string }[];
}): Promise<Job> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [job] = await tx
			.insert(jobs)
			.values({
				kind: input.kind,
				payload: input.payload ?? {},
				total: input.total ?? input.files?.length ?? 0,
				createdBy: input.createdBy ?? null
			})
			.returning();
		const files = input.files ?? [];
		for (let i = 0; i < files.length; i++) {
			const refused = files[i].refused;
			await tx.insert(jobFiles).values({
				jobId: job.id,
				position: i,
				fileName: files[i].fileName,
				byteSize: files[i].bytes.byteLength,
				bytes: refused ? null : files[i].bytes,
				status: refused ? 'failed' : 'queued',
				message: refused ?? null
			});
		}
		const refusedCount = files.filter((f) => f.refused).length;
		if (refusedCount) {
			await tx.update(jobs).set({ progress: refusedCount }).where(eq(jobs.id, job.id));
			job.progress = refusedCount;
		}
		return job;
	});
}

/** Claims the oldest queued job, or a running one abandoned by a stopped server. */
export async function claimNextJob(): Promise<Job | undefined> {
	const db = await getDb();
	const [row] = rowsOf<{ id: string }>(
		await db.execute(sql`
			update jobs set status = 'running', attempts = attempts + 1,
				started_at = coalesce(started_at, now()), heartbeat_at = now()
			where id = (
				select id from jobs
				where status = 'queued'
					or (status = 'running' and heartbeat_at < now() - make_interval(secs => ${STALE_AFTER_SECONDS}))
				order by created_at
				limit 1
				for update skip locked
			)
			returning id`)
	);
	return row ? findJob(row.id) : undefined;
}

export async function findJob(id: string): Promise<Job | undefined> {
	const db = await getDb();
	const [row] = await db.select().from(jobs).where(eq(jobs.id, id)).limit(1);
	return row;
}

export async function findActiveJob(kind: string): Promise<Job | undefined> {
	const db = await getDb();
	const [row] = await db
		.select()
		.from(jobs)
		.where(and(eq(jobs.kind, kind), sql`${jobs.status} in ('queued', 'running')`))
		.limit(1);
	return row;
}

export async function listRecentJobs(limit = 20): Promise<Job[]> {
	const db = await getDb();
	return db.select().from(jobs).orderBy(desc(jobs.createdAt)).limit(limit);
}

export async function updateJobProgress(id: string, progress: number, total?: number): Promise<void> {
	const db = await getDb();
	await db
		.update(jobs)
		.set({ progress, ...(total !== undefined ? { total } : {}), heartbeatAt: new Date() })
		.where(eq(jobs.id, id));
}

export async function finishJob(id: string, outcome: { error?: string }): Promise<void> {
	const db = await getDb();
	await db
		.update(jobs)
		.set({
			status: outcome.error ? 'failed' : 'succeeded',
			error: outcome.error ?? null,
			finishedAt: new Date(),
			heartbeatAt: new Date()
		})
		.where(eq(jobs.id, id));
}

export type JobFileSummary = Omit<JobFile, 'bytes'>;

export async function listJobFiles(jobId: string): Promise<JobFileSummary[]> {
	const db = await getDb();
	return db
		.select({
			id: jobFiles.id,
			jobId: jobFiles.jobId,
			position: jobFiles.position,
			fileName: jobFiles.fileName,
			byteSize: jobFiles.byteSize,
			status: jobFiles.status,
			message: jobFiles.message,
			documentId: jobFiles.documentId
		})
		.from(jobFiles)
		.where(eq(jobFiles.jobId, jobId))
		.orderBy(asc(jobFiles.position));
}

/** The next unprocessed file of a job, with its bytes. */
export async function nextQueuedJobFile(jobId: string): Promise<JobFile | undefined> {
	const db = await getDb();
	const [row] = await db
		.select()
		.from(jobFiles)
		.where(and(eq(jobFiles.jobId, jobId), eq(jobFiles.status, 'queued')))
		.orderBy(asc(jobFiles.position))
		.limit(1);
	return row;
}

/** Records a file's result and drops its staged bytes. */
export async function completeJobFile(
	id: string,
	result: { status: Exclude<JobFileStatus, 'queued'>; message: string; documentId?: string | null }
): Promise<void> {
	const db = await getDb();
	await db
		.update(jobFiles)
		.set({ status: result.status, message: result.message, documentId: result.documentId ?? null, bytes: null })
		.where(eq(jobFiles.id, id));
}
