import { describe, expect, it } from 'vitest';
import { intakeQuestionSchema, missingAnswerMessage, shortLabel, validateBriefAnswers } from './assistant';

const question = (fields: Record<string, unknown>) =>
	intakeQuestionSchema.parse({
		id: 'q',
		label: 'What are you announcing?',
		type: 'long_text',
		required: true,
		...fields
	});

describe('intake error messages', () => {
	it("uses the question's own message when it has one", () => {
		const q = question({ errorMessage: '  Describe what you are announcing  ' });
		expect(validateBriefAnswers([q], {})).toEqual({ q: 'Describe what you are announcing' });
	});

	it('falls back to a full sentence that quotes the question, never "Enter what are you…"', () => {
		expect(missingAnswerMessage(question({}))).toBe('Enter an answer for ‘What are you announcing?’');
		expect(
			missingAnswerMessage(
				question({ label: 'Is the release embargoed?', type: 'single_choice', options: ['Yes', 'No'] })
			)
		).toBe('Select an answer for ‘Is the release embargoed?’');
		expect(
			missingAnswerMessage(
				question({ label: 'Which media is this for?', type: 'multiple_choice', options: ['A', 'B'] })
			)
		).toBe('Select at least one option for ‘Which media is this for?’');
	});

	it('shortens a long question at a word boundary', () => {
		const label = 'Tell us everything the spokesperson wants to say about the new community diagnostic centre opening';
		const short = shortLabel(label);
		expect(short.length).toBeLessThanOrEqual(61);
		expect(short.endsWith('…')).toBe(true);
		expect(label.startsWith(short.slice(0, -1))).toBe(true);
		expect(short).not.toMatch(/\s…$/);
	});

	it('rejects an error message that is too long, with a clear reason', () => {
		const parsed = intakeQuestionSchema.safeParse({
			id: 'q',
			label: 'Who?',
			type: 'short_text',
			errorMessage: 'x'.repeat(201)
		});
		expect(parsed.success).toBe(false);
		expect(parsed.error?.issues[0].message).toBe('Error messages must be 200 characters or fewer');
	});

	it('gives no message for an optional question left empty', () => {
		expect(validateBriefAnswers([question({ required: false })], {})).toEqual({});
	});
});
