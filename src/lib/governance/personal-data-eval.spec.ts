import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTING_DEFAULTS } from '$lib/server/governance/settings';
import { evaluateGuard, parseSnippets } from './personal-data-eval';

const FIXTURE = new URL('../../../tests/fixtures/guard/labelled-snippets.jsonl', import.meta.url);

describe('the personal-data guard on the labelled set (npm run eval:guard)', () => {
	const snippets = parseSnippets(readFileSync(FIXTURE, 'utf8'));
	const result = evaluateGuard(snippets, { hospitalNumberPattern: SETTING_DEFAULTS['guard.hospitalNumberPattern'] });

	it('has at least 200 snippets with true cases and look-alikes of each kind', () => {
		expect(snippets.length).toBeGreaterThanOrEqual(200);
		expect(snippets.filter((s) => s.labels.length === 0).length).toBeGreaterThanOrEqual(50);
		for (const kind of ['nhs_number', 'phone', 'email', 'postcode', 'ni_number', 'date_of_birth', 'hospital_number']) {
			expect(snippets.some((s) => s.labels.some((l) => l.kind === kind))).toBe(true);
		}
	});

	it('meets the targets: recall >= 0.98 on NHS numbers, emails and phones; precision >= 0.9 overall', () => {
		expect(result.failures).toEqual([]);
	});

	it('scores a guard that finds nothing as failing, so the targets can fail', () => {
		const stripped = snippets.map((s) => ({ ...s, text: s.text.replace(/\d/g, 'x').replace(/@/g, ' ') }));
		const broken = evaluateGuard(
			stripped.map((s, i) => ({ ...s, labels: snippets[i].labels })),
			{ hospitalNumberPattern: '' }
		);
		expect(broken.failures.length).toBeGreaterThan(0);
	});
});
