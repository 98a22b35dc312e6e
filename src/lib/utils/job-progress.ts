import type { JobStatusResponse } from '$lib/schemas/corpus';

export const isActive = (job: Pick<JobStatusResponse, 'status'>) => job.status === 'queued' || job.status === 'running';

/** "7 of 9 files processed" / "120 of 300 passages re-embedded". */
export function progressWords(job: JobStatusResponse): string {
	if (job.kind === 'reembed') {
		if (job.total === 0 && isActive(job)) return 'Counting the passages to re-embed';
		return `${job.progress} of ${job.total} ${job.total === 1 ? 'passage' : 'passages'} re-embedded`;
	}
	return `${job.progress} of ${job.total} ${job.total === 1 ? 'file' : 'files'} processed`;
}

/** What happened, once the job has ended: "Upload finished: 8 added, 1 failed". */
export function outcomeWords(job: JobStatusResponse): string {
	if (job.status === 'failed')
		return `${job.kind === 'upload' ? 'Upload' : 'Re-embedding'} stopped: ${job.error ?? ''}`;
	if (job.kind === 'reembed')
		return `Re-embedding finished: ${job.progress} ${job.progress === 1 ? 'passage' : 'passages'} re-embedded`;
	const count = (status: string) => job.files.filter((f) => f.status === status).length;
	const parts = [
		`${count('done')} added`,
		count('skipped') ? `${count('skipped')} skipped` : '',
		count('failed') ? `${count('failed')} failed` : ''
	].filter(Boolean);
	return `Upload finished: ${parts.join(', ')}`;
}
