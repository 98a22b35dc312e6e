/**
 * The task library's themes owned by this part of issue 15: every built-in assistant in them loads
 * through the real loader, ships a cases file that parses against its own intake, and each theme has
 * enough tasks. The cases are checked for meaning too: a complete brief answers every required question
 * with valid options, an incomplete request lists only required questions it must ask, and nothing asks
 * and forbids asking the same question.
 */
import { describe, expect, it } from 'vitest';
import { ASSISTANT_CATEGORIES, validateBriefAnswers } from '$lib/schemas/assistant';
import { readBuiltinAssistants } from './builtins';
import { readBuiltinCases } from './evaluation/builtin-cases';

const THEMES: (typeof ASSISTANT_CATEGORIES)[number][] = [
	'Media and press',
	'Issues and crisis communications',
	'Internal communications',
	'Leadership communications',
	'Stakeholder engagement',
	'Meeting notes and actions',
	'Social media'
];
const MIN_PER_THEME = 5;
const MIN_TOTAL = 34;
const MIN_CASES = 3;

describe('built-in tasks in the media, issues, internal, leadership, stakeholder, meeting and social themes', async () => {
	const all = await readBuiltinAssistants();
	const mine = all.filter((a) => THEMES.includes(a.definition.category));
	const withCases = await Promise.all(
		mine.map(async (a) => ({ a, cases: await readBuiltinCases(a.key, a.definition.intake) }))
	);

	it(`has at least ${MIN_PER_THEME} tasks in each theme and ${MIN_TOTAL} in all`, () => {
		const counts = Object.fromEntries(THEMES.map((t) => [t, mine.filter((a) => a.definition.category === t).length]));
		for (const theme of THEMES)
			expect({ theme, count: counts[theme] >= MIN_PER_THEME }).toEqual({ theme, count: true });
		expect(mine.length).toBeGreaterThanOrEqual(MIN_TOTAL);
	});

	it('keeps the "start here" set small: 1 or 2 featured tasks per theme at most', () => {
		for (const theme of THEMES) {
			const featured = mine.filter((a) => a.definition.category === theme && a.featured).length;
			expect({ theme, featured: featured <= 2 }).toEqual({ theme, featured: true });
		}
	});

	it.each(withCases.map((x) => [x.a.key, x] as const))(
		'%s has at least 3 meaningful test cases',
		(_key, { a, cases }) => {
			const questions = a.definition.intake.questions;
			const required = new Set(questions.filter((q) => q.required).map((q) => q.id));
			expect(cases.length).toBeGreaterThanOrEqual(MIN_CASES);
			// Every answer given is a valid answer to its question (right type, one of the options).
			for (const c of cases) {
				const given = questions.filter((q) => c.answers[q.id] !== undefined);
				expect({ case: c.key, errors: validateBriefAnswers(given, c.answers) }).toEqual({ case: c.key, errors: {} });
				const asks = c.expect.asks ?? [];
				const notAsk = c.expect.mustNotAsk ?? [];
				expect(asks.filter((id) => notAsk.includes(id))).toEqual([]);
				// The intake asks for what the request leaves out, so `asks` names required questions not answered.
				for (const id of asks) {
					expect({ case: c.key, id, required: required.has(id) }).toEqual({ case: c.key, id, required: true });
					expect(c.answers[id]).toBeUndefined();
				}
			}
			// A phrase a good answer must include comes from the request, the answers or the task's own
			// template and instructions: the expectation is achievable, not a guess at wording.
			const sources = (c: (typeof cases)[number]) =>
				[c.request, ...Object.values(c.answers).flat(), a.definition.outputTemplate, a.definition.instructions]
					.join('\n')
					.toLowerCase()
					.replace(/\s+/g, ' ');
			for (const c of cases) {
				for (const p of c.expect.mustInclude ?? []) {
					expect({
						case: c.key,
						phrase: p,
						grounded: sources(c).includes(p.toLowerCase().replace(/\s+/g, ' '))
					}).toEqual({
						case: c.key,
						phrase: p,
						grounded: true
					});
				}
			}
			// One case is a complete brief whose output is checked.
			const complete = cases.filter(
				(c) =>
					Object.keys(validateBriefAnswers(questions, c.answers)).length === 0 &&
					((c.expect.mustInclude?.length ?? 0) > 0 || c.expect.maxWords !== undefined)
			);
			expect(complete.length).toBeGreaterThanOrEqual(1);
			// One case checks the intake asks before drafting.
			expect(cases.some((c) => (c.expect.asks?.length ?? 0) > 0)).toBe(true);
			// One case checks something the answer must not do (a phrase to avoid or a question not to ask).
			expect(cases.some((c) => (c.expect.mustAvoid?.length ?? 0) > 0 || (c.expect.mustNotAsk?.length ?? 0) > 0)).toBe(
				true
			);
		}
	);

	it('names case keys that are unique across a task and phrases that are not empty', () => {
		for (const { cases } of withCases) {
			expect(new Set(cases.map((c) => c.key)).size).toBe(cases.length);
			for (const c of cases)
				for (const p of [...(c.expect.mustInclude ?? []), ...(c.expect.mustAvoid ?? [])]) {
					expect(p.trim().length).toBeGreaterThan(0);
				}
		}
	});
});
