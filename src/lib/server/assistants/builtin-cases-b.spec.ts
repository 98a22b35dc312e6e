/**
 * The task library's themes owned here (plain English and accessibility, campaigns, insight, web,
 * patient information, review): every built-in in them loads through the real loader, has a cases
 * file that parses against its own intake, and each theme has enough tasks.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateBriefAnswers } from '$lib/schemas/assistant';
import { BUILTIN_DIR, readBuiltinAssistants } from './builtins';
import { casesFileName, readBuiltinCases } from './evaluation/builtin-cases';

const THEMES = [
	'Plain English and accessibility',
	'Campaigns',
	'Insight and feedback',
	'Web and digital content',
	'Patient and public information',
	'Review and quality checks'
] as const;

/** Its cases file is written elsewhere; it is checked here once it exists. */
const CASES_PENDING = new Set(['plain-english']);

describe('built-in tasks in the accessibility, campaigns, insight, web, patient information and review themes', async () => {
	const all = await readBuiltinAssistants();
	const mine = all.filter((a) => (THEMES as readonly string[]).includes(a.definition.category));

	it.each(THEMES.map((t) => [t]))('%s has at least 5 tasks and at most 2 featured', (theme) => {
		const inTheme = mine.filter((a) => a.definition.category === theme);
		expect(inTheme.length).toBeGreaterThanOrEqual(5);
		expect(inTheme.filter((a) => a.featured).length).toBeLessThanOrEqual(2);
	});

	it('add up to at least 30 tasks', () => {
		expect(mine.length).toBeGreaterThanOrEqual(30);
	});

	it('include tasks that work from an attached file', () => {
		const attaching = mine.filter((a) => /attach/i.test(a.definition.instructions));
		expect(attaching.length).toBeGreaterThanOrEqual(10);
	});

	it.each(mine.map((a) => [a.key, a] as const))('%s asks before it drafts', (_key, a) => {
		const required = a.definition.intake.questions.filter((q) => q.required);
		expect(required.length).toBeGreaterThan(0);
		for (const q of required) expect(q.errorMessage?.trim()).toBeTruthy();
		expect(a.definition.starters.length).toBeGreaterThanOrEqual(3);
	});

	it.each(mine.map((a) => [a.key, a] as const))('%s has at least 3 test cases that fit its intake', async (key, a) => {
		const file = path.resolve(BUILTIN_DIR, casesFileName(key));
		if (CASES_PENDING.has(key) && !existsSync(file)) return;
		const intake = a.definition.intake;
		const cases = await readBuiltinCases(key, intake);
		expect(cases.length).toBeGreaterThanOrEqual(3);

		const required = intake.questions.filter((q) => q.required).map((q) => q.id);
		// One case gives a complete brief: every required question answered with a valid answer.
		const complete = cases.filter(
			(c) =>
				required.every((id) => c.answers[id] !== undefined) &&
				!Object.keys(validateBriefAnswers(intake.questions, c.answers)).length
		);
		expect(complete.length, `${key}: a case with a complete, valid brief`).toBeGreaterThan(0);
		// One case leaves required questions out of the request and expects them to be asked. `asks` is
		// judged on the request alone; a case may still give the answers so the draft can be checked too.
		const asking = cases.filter((c) => (c.expect.asks ?? []).length > 0);
		expect(asking.length, `${key}: a case that expects questions`).toBeGreaterThan(0);
		for (const c of asking) {
			for (const id of c.expect.asks ?? []) {
				expect(required, `${key}/${c.key} asks "${id}"`).toContain(id);
			}
		}
		// The complete brief's facts must survive: some phrase it expects comes from the request or answers.
		const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');
		for (const c of complete.filter((x) => (x.expect.mustInclude ?? []).length)) {
			const brief = norm([c.request, ...Object.values(c.answers).flat()].join(' '));
			const kept = (c.expect.mustInclude ?? []).filter((p) => brief.includes(norm(p)));
			expect(kept.length, `${key}/${c.key}: a mustInclude phrase taken from the brief`).toBeGreaterThan(0);
		}
		// A question cannot be both asked and not asked, and answered cases keep their answers valid.
		for (const c of cases) {
			const both = (c.expect.asks ?? []).filter((id) => (c.expect.mustNotAsk ?? []).includes(id));
			expect(both, `${key}/${c.key}`).toEqual([]);
			const problems = validateBriefAnswers(
				intake.questions.map((q) => ({ ...q, required: false })),
				c.answers
			);
			expect(problems, `${key}/${c.key} answers`).toEqual({});
		}
	});
});
