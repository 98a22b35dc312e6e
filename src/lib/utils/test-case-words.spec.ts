import { describe, expect, it } from 'vitest';
import { evaluationProgressWords, expectationWords, requestSummary } from './test-case-words';

describe('test cases in words', () => {
	it('says what a case expects, naming phrases and questions', () => {
		expect(
			expectationWords(
				{
					mustInclude: ['flu clinic'],
					mustNotAsk: ['audience'],
					maxWords: 1500,
					draftChecksPass: ['a-to-z'],
					rubric: 'Tone'
				},
				{ audience: 'Who is it for?' }
			)
		).toEqual([
			'Includes “flu clinic”',
			'Does not ask “Who is it for?”',
			'No more than 1,500 words',
			'No draft check findings in: NHS words (A to Z)',
			'Scored against a rubric by a judge model (reported separately)'
		]);
	});

	it('shortens long requests at a word', () => {
		expect(requestSummary('one two three four', 12)).toBe('one two…');
		expect(requestSummary('short\n\ntext')).toBe('short text');
	});

	it('describes a run at each stage', () => {
		const run = { total: 2, done: 1, passedCount: 1, passRate: 0.5, error: null };
		expect(evaluationProgressWords({ ...run, status: 'running' })).toBe('Running: 1 of 2 test cases done');
		expect(evaluationProgressWords({ ...run, status: 'completed' })).toBe('Finished: 1 of 2 test cases passed (50%)');
		expect(evaluationProgressWords({ ...run, status: 'failed', error: 'The model did not answer' })).toBe(
			'The run failed: The model did not answer'
		);
	});
});
