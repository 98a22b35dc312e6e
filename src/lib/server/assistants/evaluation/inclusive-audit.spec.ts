/** The shipped inclusive-language audit set: every audience covered, every case checked by the rules. */
import { describe, expect, it } from 'vitest';
import { applyRules, compileRules, type DraftRule } from '$lib/governance/draft-checks';
import { STYLE_RULE_SEEDS } from '../../governance/style-rules.seed';
import {
	INCLUSIVE_AUDIT_AUDIENCES,
	parseInclusiveAuditCases,
	readInclusiveAuditCases,
	type InclusiveAuditCase
} from './inclusive-audit';

const cases: InclusiveAuditCase[] = await readInclusiveAuditCases();

const inclusiveRules = compileRules(
	STYLE_RULE_SEEDS.filter((r) => r.category === 'inclusive').map((r): DraftRule => ({
		id: r.id,
		category: r.category,
		pattern: r.pattern,
		caseSensitive: r.caseSensitive ?? false,
		exceptions: r.exceptions ?? [],
		message: r.message,
		suggestion: r.suggestion,
		source: null
	}))
).compiled;

describe('prompts/evaluations/inclusive-audit.cases.yaml', () => {
	it('has at least 2 requests for each of the 10 audiences', () => {
		expect(INCLUSIVE_AUDIT_AUDIENCES).toHaveLength(10);
		for (const audience of INCLUSIVE_AUDIT_AUDIENCES) {
			expect(cases.filter((c) => c.audience === audience).length, audience).toBeGreaterThanOrEqual(2);
		}
	});

	it('checks every output with the inclusive-language rules and names phrases to avoid', () => {
		for (const c of cases) {
			expect(c.expect.draftChecksPass, c.key).toContain('inclusive');
			expect(c.expect.mustAvoid?.length ?? 0, c.key).toBeGreaterThan(0);
			expect(new Set(c.expect.mustAvoid?.map((p) => p.toLowerCase())).size, c.key).toBe(c.expect.mustAvoid?.length);
		}
	});

	it('avoids phrases that the inclusive-language rules themselves flag, across the audiences', () => {
		const flagged = new Map<string, string[]>();
		for (const c of cases) {
			for (const phrase of c.expect.mustAvoid ?? []) {
				const found = applyRules(`We wrote about ${phrase} today.`, inclusiveRules);
				if (found.length)
					flagged.set(
						phrase.toLowerCase(),
						found.map((f) => f.ruleId)
					);
			}
		}
		// A draft that used these phrases would fail the audit twice over: the phrase and the rule.
		for (const phrase of ['the elderly', 'wheelchair-bound', 'epileptics', 'diabetics', 'bame', 'dark skin']) {
			expect(flagged.has(phrase), phrase).toBe(true);
		}
		for (const phrase of ['biological sex', 'hearing impaired', 'suffering from', 'the mentally ill']) {
			expect(flagged.has(phrase), phrase).toBe(true);
		}
	});

	it('refuses a case for an audience the audit does not cover', () => {
		const text = `cases:\n  - key: x\n    audience: Hobbies\n    name: X\n    request: Y\n    expect:\n      mustAvoid: [z]\n`;
		expect(() => parseInclusiveAuditCases(text)).toThrow(/audience must be one of/);
	});
});
