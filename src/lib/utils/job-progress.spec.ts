import { describe, expect, it } from 'vitest';
import type { JobStatusResponse } from '$lib/schemas/corpus';
import { outcomeWords, progressWords } from './job-progress';

const upload = (files: JobStatusResponse['files'], extra: Partial<JobStatusResponse> = {}): JobStatusResponse => ({
	id: 'j',
	kind: 'upload',
	status: 'succeeded',
	progress: files.length,
	total: files.length,
	error: null,
	collection: null,
	draft: false,
	files,
	...extra
});
const file = (status: JobStatusResponse['files'][number]['status']) => ({
	fileName: 'a.md',
	status,
	message: null,
	documentId: null
});

describe('job progress words', () => {
	it('counts files, and passages for re-embedding', () => {
		expect(progressWords(upload([file('done')], { status: 'running', progress: 0, total: 9 }))).toBe(
			'0 of 9 files processed'
		);
		expect(progressWords(upload([file('done')]))).toBe('1 of 1 file processed');
		expect(progressWords({ ...upload([]), kind: 'reembed', progress: 120, total: 300 })).toBe(
			'120 of 300 passages re-embedded'
		);
	});

	it('sums up what happened to the files once the job ends', () => {
		const files = [file('done'), file('done'), file('skipped'), file('failed')];
		expect(outcomeWords(upload(files))).toBe('Upload finished: 2 added, 1 skipped, 1 failed');
		expect(outcomeWords(upload([file('done')]))).toBe('Upload finished: 1 added');
		expect(outcomeWords(upload([], { status: 'failed', error: 'The job stopped.' }))).toBe(
			'Upload stopped: The job stopped.'
		);
	});
});
