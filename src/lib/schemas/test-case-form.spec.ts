import { describe, expect, it } from 'vitest';
import type { IntakeQuestion } from './assistant';
import {
	bodyFromCaseDraft,
	caseDraftFromForm,
	caseFormErrors,
	draftFromCase,
	keepUnlisted,
	parseCaseDraft,
	unlistedIds,
	unlistedParts
} from './test-case-form';

const questions = [
	{
		id: 'audience',
		label: 'Who is it for?',
		type: 'single_choice',
		options: ['Patients', 'Staff'],
		hint: '',
		required: false
	},
	{ id: 'channels', label: 'Where?', type: 'multiple_choice', options: ['Web', 'Social'], hint: '', required: false }
] as IntakeQuestion[];

function form(entries: [string, string][]): FormData {
	const f = new FormData();
	for (const [k, v] of entries) f.append(k, v);
	return f;
}

describe('the test case form', () => {
	it('turns lines, choices and numbers into the API body, leaving blanks out', () => {
		const draft = caseDraftFromForm(
			form([
				['name', ' Clinic '],
				['request', 'Write about the clinic'],
				['answer-audience', 'Patients'],
				['answer-channels', 'Web'],
				['answer-channels', 'Social'],
				['mustInclude', 'flu clinic\r\n\r\n  book online '],
				['mustAvoid', ''],
				['asks', 'audience'],
				['maxWords', '1,200'],
				['maxReadingAge', ''],
				['draftChecksPass', 'inclusive'],
				['rubric', '  ']
			]),
			questions
		);
		expect(bodyFromCaseDraft(draft)).toEqual({
			name: ' Clinic ',
			request: 'Write about the clinic',
			answers: { audience: 'Patients', channels: ['Web', 'Social'] },
			expect: {
				mustInclude: ['flu clinic', 'book online'],
				asks: ['audience'],
				maxWords: 1200,
				draftChecksPass: ['inclusive']
			}
		});
		const parsed = parseCaseDraft(draft);
		expect(parsed.ok && parsed.input.name).toBe('Clinic');
	});

	it('puts each problem on the field that shows it', () => {
		const draft = caseDraftFromForm(form([['maxWords', 'lots']]), questions);
		const parsed = parseCaseDraft(draft);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.errors.name).toBe('Enter a name for the test case');
		expect(parsed.errors.request).toBe('Enter the request to test');
		expect(parsed.errors.maxWords).toBe('The word limit must be a number');

		const none = parseCaseDraft({ ...draft, name: 'A', request: 'B', maxWords: '' });
		expect(!none.ok && none.errors).toEqual({ expect: 'Say what a good response does: add at least one expectation' });
		expect(caseFormErrors({ 'expect.mustAvoid.2': 'Phrases cannot be empty', 'answers.x': 'bad' })).toEqual({
			mustAvoid: 'Phrases cannot be empty',
			answers: 'bad'
		});
	});

	it('shows a stored case as it was typed', () => {
		const draft = draftFromCase({
			name: 'N',
			request: 'R',
			answers: {},
			expect: { mustAvoid: ['Monday', 'weekend'], maxReadingAge: 11 }
		});
		expect(draft.mustAvoid).toBe('Monday\nweekend');
		expect(draft.maxReadingAge).toBe('11');
		expect(draft.maxWords).toBe('');
	});

	it('keeps answers and questions the form does not list when the form is saved', () => {
		const questions = [
			{ id: 'audience', label: 'Who is it for?', hint: '', type: 'short_text' as const, options: [], required: false }
		];
		const stored = {
			answers: { audience: 'Public', tone: 'warm' },
			expect: { asks: ['tone', 'audience'], mustNotAsk: ['deadline'], maxWords: 200 }
		};
		const unlisted = unlistedParts(stored, questions);
		expect(unlisted).toEqual({ answers: { tone: 'warm' }, asks: ['tone'], mustNotAsk: ['deadline'] });
		expect(unlistedIds(unlisted)).toEqual(['tone', 'deadline']);
		const form = new FormData();
		form.set('name', 'Renamed');
		form.set('request', 'A request');
		form.set('answer-audience', 'Staff');
		form.set('maxWords', '200');
		const draft = keepUnlisted(caseDraftFromForm(form, questions), unlisted);
		expect(bodyFromCaseDraft(draft)).toEqual({
			name: 'Renamed',
			request: 'A request',
			answers: { tone: 'warm', audience: 'Staff' },
			expect: { asks: ['tone'], mustNotAsk: ['deadline'], maxWords: 200 }
		});
	});
});
