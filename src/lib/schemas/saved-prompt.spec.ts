import { describe, expect, it } from 'vitest';
import { fillPromptVariables, promptVariables } from './assistant';
import { MAX_PROMPT_VARIABLES, promptBodyProblem, validateVariableValues } from './saved-prompt';

describe('prompt variables', () => {
	it('lists distinct variables in order of first use, trimming spaces', () => {
		expect(promptVariables('Write a {{ channel }} post about {{topic}} for {{channel}} in {{reading age}}')).toEqual([
			'channel',
			'topic',
			'reading age'
		]);
		expect(promptVariables('No variables here, {single} braces only')).toEqual([]);
	});

	it('fills every use of a variable and leaves unknown ones as typed', () => {
		expect(fillPromptVariables('{{a}} and {{ a }} then {{b}}', { a: 'X' })).toBe('X and X then {{b}}');
		// `$` in a value is text, never a replacement pattern.
		expect(fillPromptVariables('Cost: {{price}}', { price: '$& £5' })).toBe('Cost: $& £5');
	});

	it('explains braces that are not variables, and too many variables', () => {
		expect(promptBodyProblem('Write about {{topic}} for {{audience}}')).toBeNull();
		expect(promptBodyProblem('Write about {{1topic}}')).toMatch(/"\{\{1topic\}\}" is not a variable/);
		expect(promptBodyProblem('Write about {{topic')).toMatch(/is not a variable/);
		expect(promptBodyProblem('Empty {{ }} braces')).toMatch(/is not a variable/);
		const many = Array.from({ length: MAX_PROMPT_VARIABLES + 1 }, (_, i) => `{{v${i}}}`).join(' ');
		expect(promptBodyProblem(many)).toBe(`A prompt can have up to ${MAX_PROMPT_VARIABLES} variables (this one has 11)`);
	});

	it('asks for every variable value', () => {
		expect(validateVariableValues(['topic', 'audience'], { topic: 'Flu', audience: '  ' })).toEqual({
			audience: 'Enter audience'
		});
		expect(validateVariableValues(['topic'], { topic: 'x'.repeat(2001) })).toEqual({
			topic: 'topic must be 2,000 characters or fewer'
		});
		expect(validateVariableValues(['topic'], { topic: 'Flu' })).toEqual({});
	});
});
