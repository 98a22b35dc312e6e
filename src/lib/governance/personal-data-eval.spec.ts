import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTING_DEFAULTS } from '$lib/server/governance/settings';
import { PERSONAL_DATA_KINDS } from './personal-data';
import { evaluateGuard, parseSnippets, TARGETS } from './personal-data-eval';

const FIXTURE = new URL('../../../tests/fixtures/guard/labelled-snippets.jsonl', import.meta.url);
const options = { hospitalNumberPattern: SETTING_DEFAULTS['guard.hospitalNumberPattern'] };

describe('the personal-data guard on the labelled set (npm run eval:guard)', () => {
	const snippets = parseSnippets(readFileSync(FIXTURE, 'utf8'));
	const result = evaluateGuard(snippets, options);
	const score = (kind: string) => result.scores.find((s) => s.kind === kind)!;

	it('has true cases and look-alikes of each kind, names in many contexts, role mailboxes and release endings', () => {
		expect(snippets.length).toBeGreaterThanOrEqual(450);
		expect(snippets.filter((s) => s.labels.length === 0).length).toBeGreaterThanOrEqual(100);
		for (const kind of PERSONAL_DATA_KINDS) {
			expect(snippets.some((s) => s.labels.some((l) => l.kind === kind))).toBe(true);
		}
		expect(snippets.flatMap((s) => s.labels).filter((l) => l.kind === 'name').length).toBeGreaterThanOrEqual(80);
		for (const note of ['titles with names', 'transcripts', 'not names', 'role mailboxes and personal emails']) {
			expect(snippets.filter((s) => s.note === note).length, note).toBeGreaterThanOrEqual(10);
		}
		expect(snippets.some((s) => s.note === 'press-release endings' && s.text.includes('Switchboard'))).toBe(true);
	});

	it('meets the targets: names precision >= 0.9 and recall >= 0.95, every other kind recall >= 0.98', () => {
		expect(result.failures).toEqual([]);
		expect(score('name').precision).toBeGreaterThanOrEqual(0.9);
		expect(score('name').recall).toBeGreaterThanOrEqual(0.95);
		for (const kind of PERSONAL_DATA_KINDS.filter((k) => k !== 'name')) {
			expect(score(kind).recall, kind).toBeGreaterThanOrEqual(0.98);
			expect(TARGETS[kind].recall).toBe(0.98);
		}
		expect(score('overall').precision).toBeGreaterThanOrEqual(0.9);
	});

	it('scores a guard that finds nothing as failing, so the targets can fail', () => {
		const stripped = snippets.map((s) => ({ ...s, text: s.text.replace(/\d/g, 'x').replace(/@/g, ' ') }));
		const broken = evaluateGuard(
			stripped.map((s, i) => ({ ...s, labels: snippets[i].labels })),
			{ hospitalNumberPattern: '' }
		);
		expect(broken.failures.length).toBeGreaterThan(0);
	});

	it('fails on names when they are missed, and when names are found that are not labelled', () => {
		const lowered = snippets.map((s) => ({ ...s, text: s.text.toLowerCase() }));
		expect(evaluateGuard(lowered, options).failures).toContainEqual(expect.stringMatching(/^Recall on name/));
		// Keep the name labels of the first five snippets only: the rest of what is found is then "wrong".
		const withNames = snippets.filter((s) => s.labels.some((l) => l.kind === 'name')).slice(0, 5);
		const unlabelled = snippets.map((s) =>
			withNames.includes(s) ? s : { ...s, labels: s.labels.filter((l) => l.kind !== 'name') }
		);
		const failures = evaluateGuard(unlabelled, options).failures;
		expect(failures).toContainEqual(expect.stringMatching(/^Precision on name/));
	});
});
