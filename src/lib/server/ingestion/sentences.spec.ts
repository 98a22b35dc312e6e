import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences';
import { countTokens } from './tokens';

describe('splitSentences', () => {
	it('splits on full stops, question marks and exclamation marks before a new sentence', () => {
		expect(splitSentences('Book now. Is it free? Yes! It is.')).toEqual(['Book now.', 'Is it free?', 'Yes!', 'It is.']);
	});

	it('does not split abbreviations, decimals, initials or NHS.UK', () => {
		const text =
			"Dr. Patel works at St. Thomas' Hospital. About 1.5 million people, e.g. carers, use NHS.UK each week. See J. Smith et al. (2021) and No. 10 guidance. Flu in the U.K. rises in winter.";
		expect(splitSentences(text)).toEqual([
			"Dr. Patel works at St. Thomas' Hospital.",
			'About 1.5 million people, e.g. carers, use NHS.UK each week.',
			'See J. Smith et al. (2021) and No. 10 guidance.',
			'Flu in the U.K. rises in winter.'
		]);
	});

	it('keeps closing quotes and brackets with their sentence', () => {
		expect(splitSentences('They said "Book early." Then (as planned.) We left.')).toEqual([
			'They said "Book early."',
			'Then (as planned.)',
			'We left.'
		]);
	});

	it('treats "no." as a word when no number follows', () => {
		expect(splitSentences('I said no. Then I left.')).toEqual(['I said no.', 'Then I left.']);
	});
});

describe('countTokens', () => {
	it('counts words and punctuation, and more for long words', () => {
		expect(countTokens('')).toBe(0);
		expect(countTokens('Book your flu vaccine.')).toBe(5);
		expect(countTokens('immunisation')).toBe(2);
	});

	it('is additive across whitespace, so chunk sizes can be summed', () => {
		const a = 'Flu can be serious, e.g. for older people.';
		const b = 'Visit NHS.UK today!';
		expect(countTokens(`${a}\n\n${b}`)).toBe(countTokens(a) + countTokens(b));
	});
});
