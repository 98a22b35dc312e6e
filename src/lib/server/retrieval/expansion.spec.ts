import { describe, expect, it } from 'vitest';
import { compileSynonyms, expandQuery } from './expansion';

const synonyms = compileSynonyms([
	{ term: 'A&E', synonyms: ['accident and emergency', 'emergency department'] },
	{ term: 'GP', synonyms: ['family doctor'] },
	{ term: 'sign off', synonyms: ['approve'] },
	{ term: 'e.g.', synonyms: ['for example'] },
	{ term: 'percentage', synonyms: ['%'] }
]);

describe('expandQuery', () => {
	it('adds the other names of a term the question uses, in either direction', () => {
		expect(expandQuery('How busy is A&E at weekends?', synonyms).added).toEqual([
			'accident and emergency',
			'emergency department'
		]);
		expect(expandQuery('when to see your family doctor', synonyms).added).toEqual(['gp']);
		expect(expandQuery('who can sign off a press release', synonyms).text).toBe(
			'who can sign off a press release approve'
		);
	});

	it('matches whole words only, ignoring case, spacing, curly apostrophes and plurals', () => {
		expect(expandQuery('GPs and practice nurses', synonyms).added).toEqual(['family doctor']);
		expect(expandQuery("our GP's surgery", synonyms).added).toEqual(['family doctor']);
		expect(expandQuery('Family   Doctor', synonyms).added).toEqual(['gp']);
		expect(expandQuery('GPU drivers', synonyms).added).toEqual([]);
		expect(expandQuery('approved', synonyms).added).toEqual([]);
		expect(expandQuery('sign-off', synonyms).added).toEqual([]);
	});

	it('matches phrases that start or end with punctuation', () => {
		expect(expandQuery('can I write e.g. in a leaflet', synonyms).added).toEqual(['for example']);
		expect(expandQuery('is 14.3% too precise', synonyms).added).toEqual(['percentage']);
	});

	it('leaves a question with no listed term, or one using every name, unchanged', () => {
		expect(expandQuery('what colour is NHS blue', synonyms)).toEqual({ text: 'what colour is NHS blue', added: [] });
		const all = 'A&E, accident and emergency or emergency department';
		expect(expandQuery(all, synonyms)).toEqual({ text: all, added: [] });
		expect(expandQuery('anything', compileSynonyms([]))).toEqual({ text: 'anything', added: [] });
	});
});
