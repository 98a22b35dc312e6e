import { describe, expect, it } from 'vitest';
import type { AssistantDefinition } from '$lib/schemas/assistant';
import { diffDefinitions } from './assistant-diff';

const base: AssistantDefinition = {
	name: 'Press release',
	description: 'Drafts press releases',
	category: 'Media and press',
	icon: '',
	colour: 'blue',
	instructions: 'Write a press release.',
	intake: {
		mode: 'form',
		questions: [
			{
				id: 'audience',
				label: 'Audience?',
				hint: '',
				type: 'single_choice',
				options: ['Public', 'Staff'],
				required: true
			}
		]
	},
	collections: [],
	starters: [],
	outputTemplate: '',
	defaultModel: null,
	temperature: null
};

describe('diffDefinitions', () => {
	it('marks only the fields that differ', () => {
		const changed = { ...base, name: 'Press release v2', temperature: 0.4 };
		const rows = diffDefinitions(base, changed);
		expect(rows.filter((r) => r.changed).map((r) => r.field)).toEqual(['Name', 'Temperature']);
		expect(rows.find((r) => r.field === 'Temperature')).toMatchObject({ a: 'Default', b: '0.4' });
	});

	it('notices a change inside a question (a new option, or required switched off)', () => {
		const q = base.intake.questions[0];
		const changed = {
			...base,
			intake: { mode: 'form' as const, questions: [{ ...q, required: false, options: ['Public', 'Staff', 'Press'] }] }
		};
		const row = diffDefinitions(base, changed).find((r) => r.field === 'Intake questions');
		expect(row).toMatchObject({ changed: true, a: '1. Audience? (single choice, required) [Public / Staff]' });
		expect(row?.b).toBe('1. Audience? (single choice) [Public / Staff / Press]');
	});

	it('reports no changes for identical versions', () => {
		expect(diffDefinitions(base, structuredClone(base)).some((r) => r.changed)).toBe(false);
	});
});
