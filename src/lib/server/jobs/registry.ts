/**
 * Job kinds and their handlers. A feature registers its kinds (`registerJobKind`) when its module is
 * loaded; an instance only claims kinds it knows, so an older instance never takes a newer kind's job.
 */
import type { Job } from '../db/schema';

export type JobContext = {
	/** Records progress and counts as a heartbeat. */
	progress(done: number, total?: number): Promise<void>;
};

export type JobHandler = (job: Job, context: JobContext) => Promise<void>;

const handlers = new Map<string, JobHandler>();

export function registerJobKind(kind: string, handler: JobHandler): void {
	handlers.set(kind, handler);
}

export function jobHandler(kind: string): JobHandler | undefined {
	return handlers.get(kind);
}

export function registeredJobKinds(): string[] {
	return [...handlers.keys()];
}
