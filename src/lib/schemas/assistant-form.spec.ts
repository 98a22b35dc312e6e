import { describe, expect, it } from 'vitest';
import { assistantInputSchema } from './assistant';
import {
	applyIntent,
	blankQuestion,
	bodyFromDraft,
	draftFromForm,
	emptyDraft,
	errorsForForm,
	parseIntent,
	questionIdFor,
	type QuestionDraft
} from './assistant-form';

function form(fields: Record<string, string | string[]>): FormData {
	const data = new FormData();
	for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) data.append(k, value);
	return data;
}

const q = (label: string, extra: Partial<QuestionDraft> = {}): QuestionDraft => ({
	...blankQuestion(),
	label,
	...extra
});

describe('the builder form', () => {
	it('reads question rows, checkboxes and starters from a posted form', () => {
		const { draft, intent } = draftFromForm(
			form({
				name: 'Press release',
				'intake.mode': 'form',
				questionCount: '2',
				'questions.0.label': 'Audience?',
				'questions.0.type': 'single_choice',
				'questions.0.options': 'Public\r\nStaff',
				'questions.0.required': 'yes',
				'questions.1.label': 'Quote?',
				'questions.1.type': 'not-a-type',
				collections: ['nhs-brand', 'tone'],
				'starters.1': 'Draft a release about a new ward',
				intent: 'down:0'
			})
		);
		expect(intent).toEqual({ kind: 'down', index: 0 });
		expect(draft.questions).toEqual([
			{ id: '', label: 'Audience?', hint: '', type: 'single_choice', options: 'Public\r\nStaff', required: true },
			{ id: '', label: 'Quote?', hint: '', type: 'short_text', options: '', required: false }
		]);
		expect(draft.collections).toEqual(['nhs-brand', 'tone']);
		expect(draft.starters).toEqual(['', 'Draft a release about a new ward', '', '']);
	});

	it('caps the number of rows a form can claim to have', () => {
		expect(draftFromForm(form({ questionCount: '100000' })).draft.questions).toHaveLength(21);
		expect(draftFromForm(form({ questionCount: '-3' })).draft.questions).toHaveLength(0);
	});

	it('adds, removes and moves rows, never leaving none', () => {
		const rows = [q('A'), q('B'), q('C')];
		expect(applyIntent(rows, parseIntent('up:2')).map((r) => r.label)).toEqual(['A', 'C', 'B']);
		expect(applyIntent(rows, parseIntent('down:2')).map((r) => r.label)).toEqual(['A', 'B', 'C']);
		expect(applyIntent(rows, parseIntent('remove:1')).map((r) => r.label)).toEqual(['A', 'C']);
		expect(applyIntent(rows, parseIntent('add')).map((r) => r.label)).toEqual(['A', 'B', 'C', '']);
		expect(applyIntent([q('A')], parseIntent('remove:0'))).toEqual([blankQuestion()]);
		expect(parseIntent('rm -rf')).toEqual({ kind: 'save' });
	});

	it('drops blank rows, derives ids, and gives a body the schema accepts', () => {
		const draft = {
			...emptyDraft(),
			name: 'Ward news',
			description: 'News',
			category: 'Other',
			instructions: 'Write.',
			temperature: '0.3',
			questions: [
				q('Who is it for?', { type: 'single_choice', options: 'Staff\n\n Public \n', required: true }),
				blankQuestion(),
				q('Who is it for', { id: 'who_is_it_for' }),
				q('2 quotes?', { type: 'long_text', options: 'ignored' })
			]
		};
		const { body, rowOf } = bodyFromDraft(draft);
		expect(rowOf).toEqual([0, 2, 3]);
		const parsed = assistantInputSchema.safeParse(body);
		expect(parsed.success).toBe(true);
		expect(parsed.data?.temperature).toBe(0.3);
		expect(parsed.data?.intake.questions.map((x) => [x.id, x.options])).toEqual([
			['who_is_it_for_2', ['Staff', 'Public']],
			['who_is_it_for', []],
			['q_2_quotes', []]
		]);
	});

	it('puts service errors on the row the person sees, skipping blank rows', () => {
		const errors = errorsForForm(
			{
				'intake.questions.1.options': 'Give "B" at least 2 options',
				'intake.questions.1.options.0': 'Options cannot be empty',
				'intake.questions.0.id': 'The id is used twice',
				'starters.2': 'Too long',
				teamId: 'Choose the team to share with'
			},
			[0, 3]
		);
		expect(errors).toEqual({
			'questions-3-options': 'Give "B" at least 2 options',
			'questions-0-label': 'The id is used twice',
			'starters-2': 'Too long',
			teamId: 'Choose the team to share with'
		});
	});

	it('makes question ids that the schema accepts from any label', () => {
		const taken = new Set<string>();
		expect(questionIdFor('What’s the key message?', taken)).toBe('what_s_the_key_message');
		expect(questionIdFor('What’s the key message?', taken)).toBe('what_s_the_key_message_2');
		expect(questionIdFor('¿¿??', taken)).toBe('q');
		expect(questionIdFor('x'.repeat(80), taken)).toHaveLength(34);
	});
});

describe('conversational intake in the builder', () => {
	it('sends the most questions the model may ask, and reports a bad number on its field', () => {
		const draft = { ...emptyDraft(), intakeMode: 'conversational', maxQuestions: '5' };
		expect(bodyFromDraft(draft).body.intake).toMatchObject({ mode: 'conversational', maxQuestions: 5 });
		expect(bodyFromDraft({ ...draft, maxQuestions: '' }).body.intake).not.toHaveProperty('maxQuestions');
		expect(bodyFromDraft({ ...draft, intakeMode: 'form' }).body.intake).not.toHaveProperty('maxQuestions');
		const bad = assistantInputSchema.safeParse({
			...bodyFromDraft({ ...draft, maxQuestions: 'lots', name: 'N', description: 'D', instructions: 'I' }).body,
			category: 'Other',
			visibility: 'private'
		});
		expect(bad.success).toBe(false);
		const paths = bad.error!.issues.map((i) => i.path.join('.'));
		expect(paths).toContain('intake.maxQuestions');
		expect(errorsForForm({ 'intake.maxQuestions': 'x' }, [])).toEqual({ 'intake-maxQuestions': 'x' });
	});
});
