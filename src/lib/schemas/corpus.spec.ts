import { describe, expect, it } from 'vitest';
import { fieldErrors } from './auth';
import { createCollectionSchema, dateParts, documentDetailsSchema } from './corpus';

const details = (reviewBy: { day: string; month: string; year: string }, extra: Record<string, string> = {}) =>
	documentDetailsSchema.safeParse({ title: 'Tone of voice', sourceUrl: '', owner: '', reviewBy, ...extra });

function errorsFor(result: ReturnType<typeof details>) {
	if (result.success) throw new Error('Expected the input to be refused');
	return fieldErrors(result.error);
}

describe('documentDetailsSchema', () => {
	it('turns the three date boxes into an ISO date, and all three blank into no date', () => {
		const parsed = details({ day: '1', month: '2', year: '2027' });
		expect(parsed.success && parsed.data.reviewBy).toBe('2027-02-01');
		const blank = details({ day: '', month: ' ', year: '' });
		expect(blank.success && blank.data).toEqual({ title: 'Tone of voice', sourceUrl: null, owner: '', reviewBy: null });
	});

	it('says which part of the date is missing, and refuses dates that do not exist', () => {
		expect(errorsFor(details({ day: '3', month: '', year: '' })).reviewBy).toBe(
			'Review-by date must include a month and a year'
		);
		expect(errorsFor(details({ day: '29', month: '2', year: '2027' })).reviewBy).toMatch(/must be a real date/);
		expect(errorsFor(details({ day: '1', month: 'May', year: '2027' })).reviewBy).toMatch(/must be a real date/);
		expect(errorsFor(details({ day: '1', month: '5', year: '27' })).reviewBy).toBe('Year must include 4 numbers');
		expect(details({ day: '29', month: '2', year: '2028' }).success).toBe(true);
	});

	it('needs a title of at most 300 characters and only accepts http(s) source addresses', () => {
		const blank = { day: '', month: '', year: '' };
		expect(errorsFor(details(blank, { title: '  ' })).title).toBe('Enter a title');
		expect(errorsFor(details(blank, { title: 'x'.repeat(301) })).title).toBe('Title must be 300 characters or fewer');
		expect(errorsFor(details(blank, { sourceUrl: 'javascript:alert(1)' })).sourceUrl).toMatch(
			/starting with https:\/\//
		);
		expect(errorsFor(details(blank, { sourceUrl: 'www.nhs.uk' })).sourceUrl).toMatch(/starting with https:\/\//);
		const ok = details(blank, { sourceUrl: ' https://www.england.nhs.uk/ ' });
		expect(ok.success && ok.data.sourceUrl).toBe('https://www.england.nhs.uk/');
	});
});

describe('createCollectionSchema', () => {
	it('asks for a name and a slug of lower-case letters, numbers and single hyphens', () => {
		const result = createCollectionSchema.safeParse({ name: '', slug: 'Inclusive Language' });
		expect(result.success).toBe(false);
		if (!result.success) {
			expect(fieldErrors(result.error)).toEqual({
				name: 'Enter a name for the collection',
				slug: 'Slug can only contain lower-case letters, numbers and single hyphens'
			});
		}
		expect(createCollectionSchema.safeParse({ name: 'A', slug: 'a--b' }).success).toBe(false);
		expect(createCollectionSchema.parse({ name: ' Inclusive language ', slug: 'inclusive-language' })).toEqual({
			name: 'Inclusive language',
			slug: 'inclusive-language',
			description: ''
		});
	});
});

describe('dateParts', () => {
	it('fills the date boxes without leading zeros', () => {
		expect(dateParts('2026-01-09')).toEqual({ day: '9', month: '1', year: '2026' });
		expect(dateParts(null)).toEqual({ day: '', month: '', year: '' });
	});
});
