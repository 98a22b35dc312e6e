import { describe, expect, it } from 'vitest';
import { STYLE_RULE_SEEDS } from '$lib/server/governance/style-rules.seed';
import {
	applyRules,
	checkDraft,
	compileRule,
	compileRules,
	countSyllables,
	findPassive,
	patternProblem,
	readingAge,
	sortFindings,
	splitParagraphs,
	splitSentences,
	type CompiledRule,
	type DraftFinding,
	type DraftRule
} from './draft-checks';

function rule(overrides: Partial<DraftRule> = {}): DraftRule {
	return {
		id: 'test.rule',
		category: 'a-to-z',
		pattern: String.raw`\bchemists?\b`,
		caseSensitive: false,
		exceptions: [],
		message: 'Say pharmacy',
		suggestion: 'pharmacy',
		source: { documentRef: 'a/b', documentTitle: 'B', collection: 'A', url: 'https://example.org' },
		...overrides
	};
}

function compiled(r: DraftRule): CompiledRule {
	const c = compileRule(r);
	if ('error' in c) throw new Error(c.error);
	return c;
}

const slice = (text: string, f: { start: number; end: number }) => text.slice(f.start, f.end);

describe('sentences and paragraphs', () => {
	it('splits sentences at . ! ? and line breaks, not after Dr, e.g. or in numbers', () => {
		const text = 'See Dr. Patel today. Take 2.5mg, e.g. with food! Is it ok?\n- a list item\nLast one';
		expect(splitSentences(text).map((s) => slice(text, s))).toEqual([
			'See Dr. Patel today.',
			'Take 2.5mg, e.g. with food!',
			'Is it ok?',
			'- a list item',
			'Last one'
		]);
	});

	it('splits paragraphs at blank lines', () => {
		const text = 'One. Two.\n\n  Three.\n \nFour.\n';
		expect(splitParagraphs(text).map((p) => slice(text, p))).toEqual(['One. Two.', 'Three.', 'Four.']);
	});
});

describe('reading age (Flesch-Kincaid grade + 5)', () => {
	it('counts syllables reasonably', () => {
		expect(countSyllables('cat')).toBe(1);
		expect(countSyllables('table')).toBe(2);
		expect(countSyllables('medicine')).toBe(3);
		expect(countSyllables('vaccination')).toBe(4);
	});

	it('gives a low age for short plain sentences and a high one for long technical prose', () => {
		const plain = readingAge('Call 111 if you feel ill. We can help you. You can get a test.');
		const hard = readingAge(
			'Immunosuppressed individuals experiencing persistent gastrointestinal symptomatology should immediately seek consultation with an appropriately qualified healthcare professional regarding comprehensive investigation.'
		);
		expect(plain).not.toBeNull();
		expect(plain!).toBeLessThanOrEqual(9);
		expect(hard!).toBeGreaterThan(18);
	});

	it('is null when there are no words', () => {
		expect(readingAge('  ... \n ')).toBeNull();
	});
});

describe('passive voice', () => {
	const passives = (text: string) => findPassive(text).map((s) => slice(text, s));

	it.each([
		['A letter will be sent to you.', 'be sent'],
		['The results were checked by a nurse.', 'were checked'],
		['Your appointment has been cancelled.', 'been cancelled'],
		['The form is not signed.', 'is not signed'],
		['The vaccine was given in the arm.', 'was given'],
		['Mistakes were quickly made.', 'were quickly made']
	])('finds %j', (text, expected) => {
		expect(passives(text)).toEqual([expected]);
	});

	it.each([
		'I am worried about my child.',
		'You are interested in the trial.',
		'She is married.',
		'We are based in Leeds.',
		'You are used to it.',
		'It is red.',
		'He is tired.',
		'Children aged 4 to 16.',
		'The clinic is open.',
		'You are registered with a GP.'
	])('does not flag %j', (text) => {
		expect(passives(text)).toEqual([]);
	});
});

describe('readability findings', () => {
	it('flags a sentence over 20 words and a paragraph over 3 sentences, but not lists', () => {
		const long = Array.from({ length: 21 }, () => 'word').join(' ') + '.';
		const text = `${long}\n\nOne. Two. Three. Four.\n\n- a\n- b\n- c\n- d`;
		const result = checkDraft(text, []);
		const ids = result.findings.map((f) => f.ruleId);
		expect(ids).toEqual(['readability.long-sentence', 'readability.long-paragraph']);
		expect(slice(text, result.findings[0])).toBe(long);
		expect(slice(text, result.findings[1])).toBe('One. Two. Three. Four.');
		expect(result.findings[1].message).toContain('4 sentences');
	});

	it('does not flag a 20-word sentence or a 3-sentence paragraph', () => {
		const twenty = Array.from({ length: 20 }, () => 'word').join(' ') + '.';
		expect(checkDraft(`${twenty} Two. Three.`, []).findings).toEqual([]);
	});
});

describe('rule engine', () => {
	it('returns UTF-16 offsets with an exclusive end, after emoji and accents', () => {
		const text = '😀 Café chemist';
		const [f] = applyRules(text, [compiled(rule())]);
		expect(f).toMatchObject({ ruleId: 'test.rule', category: 'a-to-z', start: 8, end: 15, suggestion: 'pharmacy' });
		expect(slice(text, f)).toBe('chemist');
		expect(f.source).toEqual(rule().source);
	});

	it('respects case sensitivity', () => {
		const r = compiled(rule({ pattern: String.raw`\bSMS\b`, caseSensitive: true }));
		expect(applyRules('Send an SMS or an sms', [r]).map((f) => f.start)).toEqual([8]);
		const ri = compiled(rule({ pattern: String.raw`\bSMS\b` }));
		expect(applyRules('Send an SMS or an sms', [ri])).toHaveLength(2);
	});

	it('applies exceptions only when they overlap the finding in the same sentence', () => {
		const r = compiled(rule({ pattern: String.raw`\bdrugs\b`, exceptions: [String.raw`\billegal drugs\b`] }));
		const text = 'We help with illegal drugs. Collect your drugs here. Illegal drugs and your drugs.';
		const found = applyRules(text, [r]).map((f) => f.start);
		expect(found).toEqual([text.indexOf('drugs here'), text.lastIndexOf('drugs')]);
	});

	it('sorts findings and removes duplicates', () => {
		const f = (ruleId: string, start: number, end: number): DraftFinding => ({
			ruleId,
			category: 'style',
			start,
			end,
			message: '',
			suggestion: '',
			source: null
		});
		expect(sortFindings([f('b', 5, 6), f('a', 1, 4), f('b', 5, 6), f('a', 1, 2), f('a', 5, 6)])).toEqual([
			f('a', 1, 2),
			f('a', 1, 4),
			f('a', 5, 6),
			f('b', 5, 6)
		]);
	});

	it('skips zero-length matches and rules that do not compile', () => {
		const { compiled: ok, invalid } = compileRules([rule({ id: 'bad', pattern: '(' }), rule({ pattern: 'x*' })]);
		expect(invalid).toEqual(['bad']);
		expect(applyRules('abc', ok)).toEqual([]);
	});
});

describe('pattern checks before saving', () => {
	it('rejects invalid patterns and patterns that match empty text', () => {
		expect(patternProblem('(unclosed', false)).toMatch(/not a valid regular expression/);
		expect(patternProblem('[a-', false)).toMatch(/not a valid regular expression/);
		expect(patternProblem('a*', false)).toMatch(/empty text/);
		expect(patternProblem('\\bfoo|', false)).toMatch(/empty text/);
		expect(patternProblem('', false)).toBe('Enter a pattern');
		expect(patternProblem(String.raw`\bchemists?\b`, false)).toBeNull();
	});
});

describe('speed', () => {
	it('checks 5,000 words with every built-in rule without catastrophic backtracking', () => {
		const { compiled: rules } = compileRules(
			STYLE_RULE_SEEDS.map((s) => ({
				id: s.id,
				category: s.category,
				pattern: s.pattern,
				caseSensitive: s.caseSensitive ?? false,
				exceptions: s.exceptions ?? [],
				message: s.message,
				suggestion: s.suggestion,
				source: null
			}))
		);
		expect(rules).toHaveLength(STYLE_RULE_SEEDS.length);
		const paragraph =
			"Don't forget your appointment at the chemist on 06/08/2026 at 5 pm. The elderly and diabetics were invited by letter. " +
			'Your GP surgery can book a blood test for you, and you will get a text message with the time of it. ';
		const text = Array.from({ length: 120 }, () => paragraph).join('\n\n');
		expect(text.split(/\s+/).length).toBeGreaterThanOrEqual(5000);
		checkDraft(text, rules); // warm up the regular expression engine
		const started = performance.now();
		const result = checkDraft(text, rules);
		const elapsed = performance.now() - started;
		expect(result.findings.length).toBeGreaterThanOrEqual(120 * 8);
		// Typically well under 100 ms. The bound only catches a rule that backtracks catastrophically
		// (seconds or more), without failing when the test shares two cores with a database.
		expect(elapsed).toBeLessThan(2000);
	});
});
