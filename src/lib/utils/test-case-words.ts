/**
 * Test cases and evaluation runs in plain words, for the tests page and the approval screen.
 */
import { CATEGORY_LABELS, type FindingCategory } from '$lib/governance/draft-checks';
import type { TestCaseExpect } from '$lib/schemas/evaluation';

const quoted = (phrases: string[]) => phrases.map((p) => `“${p}”`).join(', ');

/** The label of a question id, or the id itself when the question is gone. */
export type QuestionLabels = Record<string, string>;

/** What the case expects, one sentence per expectation. */
export function expectationWords(expect: TestCaseExpect, questions: QuestionLabels = {}): string[] {
	const label = (id: string) => (questions[id] ? `“${questions[id]}”` : id);
	const words: string[] = [];
	if (expect.mustInclude?.length) words.push(`Includes ${quoted(expect.mustInclude)}`);
	if (expect.mustAvoid?.length) words.push(`Avoids ${quoted(expect.mustAvoid)}`);
	if (expect.asks?.length) words.push(`Asks ${expect.asks.map(label).join(', ')}`);
	if (expect.mustNotAsk?.length) words.push(`Does not ask ${expect.mustNotAsk.map(label).join(', ')}`);
	if (expect.maxWords !== undefined) words.push(`No more than ${expect.maxWords.toLocaleString('en-GB')} words`);
	if (expect.maxReadingAge !== undefined) words.push(`Reading age ${expect.maxReadingAge} or below`);
	if (expect.draftChecksPass?.length) {
		const names = expect.draftChecksPass.map((c) => CATEGORY_LABELS[c as FindingCategory] ?? c);
		words.push(`No draft check findings in: ${names.join(', ')}`);
	}
	if (expect.rubric) words.push('Scored against a rubric by a judge model (reported separately)');
	return words;
}

/** The first words of a request, for a table. */
export function requestSummary(request: string, max = 120): string {
	const flat = request.replace(/\s+/g, ' ').trim();
	if (flat.length <= max) return flat;
	const cut = flat.slice(0, max);
	const space = cut.lastIndexOf(' ');
	return `${(space > max / 3 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** 0.75 → "75%"; null → "Not finished". */
export function passRateWords(rate: number | null): string {
	return rate === null ? 'Not finished' : `${Math.round(rate * 100)}%`;
}

const STATUS_WORDS = { queued: 'Waiting to start', running: 'Running', completed: 'Finished', failed: 'Failed' };

export function evaluationStatusWords(status: keyof typeof STATUS_WORDS): string {
	return STATUS_WORDS[status];
}

/** "3 of 5 test cases done" while a run is in progress. */
export function evaluationProgressWords(run: {
	status: keyof typeof STATUS_WORDS;
	total: number;
	done: number;
	passedCount: number;
	passRate: number | null;
	error: string | null;
}): string {
	const cases = (n: number) => `${n} test ${n === 1 ? 'case' : 'cases'}`;
	switch (run.status) {
		case 'queued':
			return `Waiting to start: ${cases(run.total)} to run`;
		case 'running':
			return `Running: ${run.done} of ${cases(run.total)} done`;
		case 'completed':
			return `Finished: ${run.passedCount} of ${cases(run.total)} passed (${passRateWords(run.passRate)})`;
		case 'failed':
			return `The run failed${run.error ? `: ${run.error}` : ''}`;
	}
}
