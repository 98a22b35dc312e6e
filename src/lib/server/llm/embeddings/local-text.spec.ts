import { describe, expect, it } from 'vitest';
import { hashedVector, spellingVariants, tokenize } from './local-text';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);

describe('tokenize', () => {
	it('lower-cases, keeps numbers and hyphenated words, and drops one-letter tokens', () => {
		expect(tokenize('Call NHS 111 or see your GP; self-care works. A 3.5% rise, 1,000 people, COVID-19.')).toEqual([
			'call',
			'nhs',
			'111',
			'or',
			'see',
			'your',
			'gp',
			'self-care',
			'works',
			'3.5',
			'rise',
			'1000',
			'people',
			'covid-19'
		]);
	});

	it('handles apostrophes, straight and curly, as English clitics', () => {
		expect(tokenize("Don't, can't, won't: the NHS's plan, O'Neill’s team, it’s fine")).toEqual([
			'do',
			'can',
			'will',
			'the',
			'nhs',
			'plan',
			'neill',
			'team',
			'it',
			'fine'
		]);
	});

	it('keeps accented letters', () => {
		expect(tokenize('Café naïve São Paulo')).toEqual(['café', 'naïve', 'são', 'paulo']);
	});
});

describe('spellingVariants', () => {
	it('maps British spellings and plurals to likely vocabulary forms', () => {
		expect(spellingVariants('haemorrhoids')).toContain('hemorrhoids');
		expect(spellingVariants('oesophagus')).toContain('esophagus');
		expect(spellingVariants('immunisation')).toContain('immunization');
		expect(spellingVariants('paracetamols')).toContain('paracetamol');
		expect(spellingVariants('111')).toEqual([]);
	});
});

describe('hashedVector', () => {
	it('is a deterministic unit vector', () => {
		const a = hashedVector('frutiger', 100);
		expect(a).toEqual(hashedVector('frutiger', 100));
		expect(dot(a, a)).toBeCloseTo(1, 5);
	});

	it('puts variants of a word close together and unrelated words far apart', () => {
		const word = hashedVector('haemorrhoids', 100);
		expect(dot(word, hashedVector('haemorrhoid', 100))).toBeGreaterThan(0.7);
		expect(Math.abs(dot(word, hashedVector('frutiger', 100)))).toBeLessThan(0.35);
	});
});
