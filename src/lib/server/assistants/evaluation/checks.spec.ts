import { describe, expect, it } from 'vitest';
import type { IntakeQuestion } from '$lib/schemas/assistant';
import { checkDraft, compileRules, type DraftRule } from '$lib/governance/draft-checks';
import { containsPhrase, isQuestionReason, runChecks } from './checks';

const questions: IntakeQuestion[] = [
	{ id: 'audience', label: 'Who is it for?', type: 'single_choice', options: ['Public', 'Staff'], required: true },
	{ id: 'key_message', label: 'What is the key message?', type: 'long_text', options: [], required: true }
] as IntakeQuestion[];

const inclusiveRule: DraftRule = {
	id: 'inclusive.the-disabled',
	category: 'inclusive',
	pattern: String.raw`\bthe disabled\b`,
	caseSensitive: false,
	exceptions: [],
	message: 'Say disabled people',
	suggestion: 'disabled people',
	source: null
};

const plain = 'Call NHS 111 if you need help. We can help you today.';

describe('phrase checks', () => {
	it('matches phrases whatever their case and spacing', () => {
		expect(containsPhrase('Call  nhs\n111 now', 'NHS 111')).toBe(true);
		expect(containsPhrase('It’s open', "it's open")).toBe(true);
		expect(containsPhrase('Call 999', 'NHS 111')).toBe(false);
	});

	it('passes when every phrase is present and none to avoid is', () => {
		const r = runChecks({
			output: plain,
			expect: { mustInclude: ['nhs 111'], mustAvoid: ['patients'] },
			asked: [],
			questions
		});
		expect(r).toEqual({ passed: true, reasons: [] });
	});

	it('fails naming the missing phrase and the phrase found', () => {
		const r = runChecks({
			output: 'Patients should call 999.',
			expect: { mustInclude: ['NHS 111'], mustAvoid: ['patients'] },
			asked: [],
			questions
		});
		expect(r.passed).toBe(false);
		expect(r.reasons).toEqual([
			'Must include "NHS 111" but it was not found',
			'Must avoid "patients" but it was found'
		]);
	});

	it('fails an empty output', () => {
		expect(runChecks({ output: '  ', expect: { mustAvoid: ['x'] }, asked: [], questions }).reasons).toEqual([
			'The assistant wrote nothing'
		]);
	});
});

describe('intake checks', () => {
	it('passes when the expected questions were asked and the others were not', () => {
		const r = runChecks({
			output: plain,
			expect: { asks: ['key_message'], mustNotAsk: ['audience'] },
			asked: ['key_message'],
			questions
		});
		expect(r.passed).toBe(true);
	});

	it('names the question label and id in each reason', () => {
		const r = runChecks({
			output: plain,
			expect: { asks: ['key_message'], mustNotAsk: ['audience'] },
			asked: ['audience'],
			questions
		});
		expect(r.reasons).toEqual([
			'Should ask "What is the key message?" (key_message) but it was not asked',
			'Must not ask "Who is it for?" (audience) but it was asked'
		]);
	});
});

describe('draft checks', () => {
	it('counts words with the draft checks', () => {
		expect(runChecks({ output: plain, expect: { maxWords: 12 }, asked: [], questions }).passed).toBe(true);
		expect(runChecks({ output: plain, expect: { maxWords: 5 }, asked: [], questions }).reasons).toEqual([
			'Must be at most 5 words but it has 12'
		]);
	});

	it('uses the draft checks reading age', () => {
		const hard =
			'Organisational transformation necessitates comprehensive multidisciplinary collaboration between commissioning organisations and independent contractors.';
		const age = checkDraft(hard, []).readingAge!;
		expect(age).toBeGreaterThan(11);
		expect(runChecks({ output: hard, expect: { maxReadingAge: 11 }, asked: [], questions }).reasons).toEqual([
			`Reading age must be at most 11 but it is ${age}`
		]);
		expect(runChecks({ output: plain, expect: { maxReadingAge: 11 }, asked: [], questions }).passed).toBe(true);
	});

	it('fails on a finding of a named category, naming the rule and the matched text', () => {
		const { compiled } = compileRules([inclusiveRule]);
		const output = 'We built ramps for the disabled at the clinic.';
		const draft = checkDraft(output, compiled);
		const r = runChecks({ output, expect: { draftChecksPass: ['inclusive'] }, asked: [], questions, draft });
		expect(r.passed).toBe(false);
		expect(r.reasons).toEqual([
			'Draft check inclusive.the-disabled (Inclusive language) found "the disabled": Say disabled people'
		]);
	});

	it('ignores findings of categories the case does not name', () => {
		const { compiled } = compileRules([inclusiveRule]);
		const output = 'We built ramps for the disabled at the clinic.';
		const draft = checkDraft(output, compiled);
		expect(runChecks({ output, expect: { draftChecksPass: ['a-to-z'] }, asked: [], questions, draft }).passed).toBe(
			true
		);
	});
});

describe('isQuestionReason', () => {
	it('tells the question checks’ reasons from the others', () => {
		const { reasons } = runChecks({
			output: 'A long enough answer here',
			expect: { asks: ['audience'], mustNotAsk: ['tone'], maxWords: 2 },
			asked: ['tone'],
			questions: []
		});
		expect(reasons).toHaveLength(3);
		expect(reasons.map(isQuestionReason)).toEqual([true, true, false]);
	});
});
