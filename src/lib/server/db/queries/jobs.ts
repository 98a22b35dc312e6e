import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { getDb } from '..';
import { jobFiles, jobs, type Job, type JobFile, type JobFileStatus } from '../schema';
import { rowsOf } from './rows';

export type EnqueueOptions = {
	kind: string;
	payload?: Record<string, unknown>;
	total?: number;
	createdBy?: string | null;
	/** Attempts before the job is failed for good (default 3). */
	maxAttempts?: number;
	/** Files to stage; one with `refused` set is recorded as failed at once, without its bytes. */
	files?: { fileName: string; bytes: Uint8Array; refused?: string }[];
};

export async function enqueueJob(input: EnqueueOptions): Promise<Job> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [job] = await tx
			.insert(jobs)
			.values({
				kind: input.kind,
				payload: input.payload ?? {},
				total: input.total ?? input.files?.length ?? 0,
				createdBy: input.createdBy ?? null,
				...(input.maxAttempts ? { maxAttempts: input.maxAttempts } : {})
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

/**
 * Queues a job unless one with the same key was ever queued (e.g. `retention:2026-12-06T12`): every
 * instance may ask, exactly one job results. True when this call queued it.
 */
export async function enqueueSingletonJob(input: {
	kind: string;
	singletonKey: string;
	payload?: Record<string, unknown>;
	maxAttempts?: number;
}): Promise<boolean> {
	const db = await getDb();
	const rows = await db
		.insert(jobs)
		.values({
			kind: input.kind,
			payload: input.payload ?? {},
			singletonKey: input.singletonKey,
			...(input.maxAttempts ? { maxAttempts: input.maxAttempts } : {})
		})
		.onConflictDoNothing({ target: jobs.singletonKey })
		.returning({ id: jobs.id });
	return rows.length > 0;
}

/**
 * Claims the next due job of the given kinds for `instance`: a queued one whose time has come, or a
 * running one whose instance stopped sending heartbeats `staleSeconds` ago (it died). The row lock with
 * SKIP LOCKED means two instances claiming at the same moment never get the same job.
 */
export async function claimNextJob(claim: {
	kinds: string[];
	instance: string;
	staleSeconds: number;
}): Promise<Job | undefined> {
	if (claim.kinds.length === 0) return undefined;
	const db = await getDb();
	const kinds = sql.join(
		claim.kinds.map((k) => sql`${k}`),
		sql`, `
	);
	const stale = sql`heartbeat_at < now() - make_interval(secs => ${claim.staleSeconds})`;
	// A job whose instance died on every attempt is not tried forever.
	await db.execute(sql`
		update jobs set status = 'failed', finished_at = now(), locked_by = null,
			error = 'The job stopped because the server running it stopped, on every attempt. Try again, or ask for support.'
		where status = 'running' and attempts >= max_attempts and ${stale} and kind in (${kinds})`);
	const [row] = rowsOf<{ id: string }>(
		await db.execute(sql`
			update jobs set status = 'running', attempts = attempts + 1, locked_by = ${claim.instance},
				started_at = coalesce(started_at, now()), heartbeat_at = now()
			where id = (
				select id from jobs
				where kind in (${kinds})
					and ((status = 'queued' and run_after <= now())
						or (status = 'running' and ${stale} and attempts < max_attempts))
				order by run_after, created_at
				limit 1
				for update skip locked
			)
			returning id`)
	);
	return row ? findJob(row.id) : undefined;
}

/** Tells the others this instance is still working on the job; false when it is no longer this instance's. */
export async function heartbeatJob(id: string, instance: string): Promise<boolean> {
	const db = await getDb();
	const rows = await db
		.update(jobs)
		.set({ heartbeatAt: sql`now()` })
		.where(and(eq(jobs.id, id), eq(jobs.lockedBy, instance), eq(jobs.status, 'running')))
		.returning({ id: jobs.id });
	return rows.length > 0;
}

/**
 * Ends an attempt that threw: queued again after a growing pause while attempts remain, otherwise
 * failed with the message. Returns the status the job now has.
 */
export async function failJobAttempt(
	id: string,
	instance: string,
	message: string
): Promise<Job['status'] | undefined> {
	const db = await getDb();
	const [row] = rowsOf<{ status: Job['status'] }>(
		await db.execute(sql`
			update jobs set
				status = case when attempts >= max_attempts then 'failed' else 'queued' end,
				finished_at = case when attempts >= max_attempts then now() else null end,
				run_after = now() + make_interval(secs => least(300, 5 * power(2, attempts - 1)::int)),
				error = ${message}, heartbeat_at = now(), locked_by = null
			where id = ${id} and locked_by = ${instance} and status = 'running'
			returning status`)
	);
	return row?.status;
}

/** Jobs waiting (queued) and running, per kind, for the metrics. */
export async function countOpenJobs(): Promise<{ kind: string; status: string; count: number }[]> {
	const db = await getDb();
	const rows = rowsOf<{ kind: string; status: string; count: number | string }>(
		await db.execute(sql`
			select kind, status, count(*) as count from jobs
			where status in ('queued', 'running') group by kind, status`)
	);
	return rows.map((r) => ({ kind: r.kind, status: r.status, count: Number(r.count) }));
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

/** Marks a job this instance holds as succeeded. */
export async function finishJob(id: string, instance: string): Promise<void> {
	const db = await getDb();
	await db
		.update(jobs)
		.set({ status: 'succeeded', error: null, finishedAt: new Date(), heartbeatAt: new Date(), lockedBy: null })
		.where(and(eq(jobs.id, id), eq(jobs.lockedBy, instance)));
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
