import { describe, expect, it } from 'vitest';
import { ruleFlags } from '$lib/governance/draft-checks';
import { timedPatternCheck, validateRulePatterns } from './rule-validation';
import { STYLE_RULE_SEEDS } from './style-rules.seed';

describe('the timed pattern check', () => {
	it.each([
		['nested repeats of one character', '(a+)+$'],
		['repeats of a two-character piece (polynomial)', '(?:ab)+(?:ab)+(?:ab)+c'],
		['repeats of a three-character piece', String.raw`(?:the)+(?:the)+(?:the)+!`],
		['repeats of a class and a literal', String.raw`(?:\dx)+(?:\dx)+(?:\dx)+z`],
		['an upper-case hospital-number-like pattern', String.raw`([A-Z]+\d?)+X`]
	])(
		'rejects %s',
		async (_name, pattern) => {
			expect(await timedPatternCheck([pattern], 'g')).toBe('slow');
		},
		20_000
	);

	it('accepts ordinary patterns, and reports ones that match empty text', async () => {
		expect(await timedPatternCheck([String.raw`\b[A-Z]{1,3}\d{6,8}\b`], 'g')).toBe('ok');
		expect(await timedPatternCheck([String.raw`\bpatient portal\b`], 'giu')).toBe('ok');
		expect(await timedPatternCheck(['x*'], 'g')).toBe('empty');
	}, 20_000);

	it('explains a slow style-rule pattern with the polynomial example from the review', async () => {
		const errors = await validateRulePatterns({
			pattern: '(?:ab)+(?:ab)+(?:ab)+c',
			caseSensitive: false,
			exceptions: []
		});
		expect(errors.pattern).toMatch(/too slow/);
	}, 20_000);

	it('passes every built-in rule (the extra inputs must not reject sensible patterns)', async () => {
		const bySensitivity = new Map<boolean, string[]>();
		for (const seed of STYLE_RULE_SEEDS) {
			const list = bySensitivity.get(seed.caseSensitive ?? false) ?? [];
			list.push(seed.pattern, ...(seed.exceptions ?? []));
			bySensitivity.set(seed.caseSensitive ?? false, list);
		}
		for (const [caseSensitive, patterns] of bySensitivity) {
			for (const pattern of patterns) {
				expect({ pattern, result: await timedPatternCheck([pattern], ruleFlags(caseSensitive)) }).toEqual({
					pattern,
					result: 'ok'
				});
			}
		}
	}, 120_000);
});
