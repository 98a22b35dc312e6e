import { describe, expect, it } from 'vitest';
import { firstStepWithError, intakeSteps } from './intake-steps';

const q = (id: string, type = 'short_text') => ({ id, type });

describe('intakeSteps', () => {
	it('asks the nine press-release questions in three short steps, in order', () => {
		const questions = [
			q('announcement', 'long_text'),
			q('audience', 'multiple_choice'),
			q('key_facts', 'long_text'),
			q('spokesperson'),
			q('quote_points', 'long_text'),
			q('embargo', 'single_choice'),
			q('embargo_time'),
			q('sensitivities', 'long_text'),
			q('media_contact')
		];
		const steps = intakeSteps(questions);
		expect(steps.map((s) => s.map((x) => x.id))).toEqual([
			['announcement', 'audience', 'key_facts'],
			['spokesperson', 'quote_points', 'embargo'],
			['embargo_time', 'sensitivities', 'media_contact']
		]);
		expect(steps.flat()).toEqual(questions);
	});

	it('never puts more than two long answers in one step', () => {
		const steps = intakeSteps([q('a', 'long_text'), q('b', 'long_text'), q('c', 'long_text'), q('d')]);
		expect(steps.map((s) => s.map((x) => x.id))).toEqual([
			['a', 'b'],
			['c', 'd']
		]);
	});

	it('keeps a short form as one step, and gives no steps for no questions', () => {
		expect(intakeSteps([q('a'), q('b')])).toHaveLength(1);
		expect(intakeSteps([])).toEqual([]);
	});

	it('finds the first step with a problem', () => {
		const steps = intakeSteps([q('a'), q('b'), q('c'), q('d'), q('e')]);
		expect(firstStepWithError(steps, { e: 'Enter e' })).toBe(1);
		expect(firstStepWithError(steps, { b: 'x', e: 'y' })).toBe(0);
		expect(firstStepWithError(steps, {})).toBeNull();
	});
});
