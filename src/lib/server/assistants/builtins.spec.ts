import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASSISTANT_CATEGORIES, intakeSchema, QUESTION_TYPES, validateBriefAnswers } from '$lib/schemas/assistant';
import { BuiltinAssistantError, parseBuiltinAssistant, readBuiltinAssistants } from './builtins';

const collectionSlugs = (
	JSON.parse(readFileSync(path.resolve('corpus/sample/collections.json'), 'utf8')) as { slug: string }[]
).map((c) => c.slug);

const REQUIRED = [
	'press-release',
	'staff-briefing',
	'social-media',
	'plain-english',
	'easy-read',
	'inclusive-language-review',
	'patient-letter-review',
	'campaign-ideas',
	'stakeholder-briefing',
	'reactive-statement',
	'feedback-themes',
	'chief-executive-message',
	// Started from a finished feedback analysis (POST /api/analyses/{id}/you-said-we-did).
	'you-said-we-did'
];

describe('the built-in assistant files', async () => {
	const all = await readBuiltinAssistants();

	it('include at least the 13 the product promises', () => {
		expect(all.length).toBeGreaterThanOrEqual(13);
		expect(all.map((a) => a.key)).toEqual(expect.arrayContaining(REQUIRED));
	});

	it.each(all.map((a) => [a.key, a] as const))('%s has a valid, usable definition', (_key, a) => {
		const d = a.definition;
		expect(ASSISTANT_CATEGORIES).toContain(d.category);
		expect(intakeSchema.safeParse(d.intake).success).toBe(true);
		expect(d.starters.length).toBeGreaterThan(0);
		expect(d.starters.length).toBeLessThanOrEqual(4);
		expect(d.collections.length).toBeGreaterThan(0);
		for (const slug of d.collections) expect(collectionSlugs).toContain(slug);
		// Good practice every built-in must state: grounding citations and a human sign-off.
		expect(d.instructions).toMatch(/square\s+brackets/);
		expect(d.instructions).toMatch(/approv/i);
		expect(d.outputTemplate.length).toBeGreaterThan(0);
		// Without a model the defined questions are the form, so every intake needs some.
		expect(d.intake.mode).not.toBe('none');
		expect(d.intake.questions.some((q) => q.required)).toBe(true);
	});

	it.each(all.map((a) => [a.key, a] as const))(
		'%s intake accepts a completed form and names what is missing',
		(_key, a) => {
			const questions = a.definition.intake.questions;
			const answers = Object.fromEntries(
				questions.map((q) => [
					q.id,
					q.type === 'multiple_choice' ? [q.options[0]] : q.type === 'single_choice' ? q.options[1] : 'An answer'
				])
			);
			expect(validateBriefAnswers(questions, answers)).toEqual({});
			const missing = validateBriefAnswers(questions, {});
			expect(Object.keys(missing).sort()).toEqual(
				questions
					.filter((q) => q.required)
					.map((q) => q.id)
					.sort()
			);
		}
	);

	it('use all four question types and both form and conversational intake', () => {
		const types = new Set(all.flatMap((a) => a.definition.intake.questions.map((q) => q.type)));
		expect([...types].sort()).toEqual([...QUESTION_TYPES].sort());
		const modes = new Set(all.map((a) => a.definition.intake.mode));
		expect(modes).toEqual(new Set(['form', 'conversational']));
		for (const a of all.filter((x) => x.definition.intake.mode === 'conversational')) {
			expect(a.definition.intake.maxQuestions).toBeGreaterThan(0);
		}
	});
});

const good = (front: string, body = 'Do the thing. Cite passages in square brackets. Get it approved.') =>
	`---\n${front}\n---\n${body}\n`;
const base = `key: sample
version: 2
name: Sample
description: A sample assistant
category: Campaigns
collections: [tone-and-style]
intake:
  mode: form
  questions:
    - id: goal
      label: What is the goal?
      type: short_text
      required: true`;

describe('parseBuiltinAssistant', () => {
	it('reads front matter, defaults and the body as instructions', () => {
		const a = parseBuiltinAssistant(good(base), 'sample.md');
		expect(a).toMatchObject({ key: 'sample', version: '2', featured: false });
		expect(a.definition).toMatchObject({ name: 'Sample', colour: 'blue', starters: [], category: 'Campaigns' });
		expect(a.definition.instructions).toMatch(/^Do the thing/);
		expect(a.definition.intake.questions[0]).toMatchObject({ id: 'goal', hint: '', options: [] });
	});

	const bad: [string, string, RegExp][] = [
		['no front matter', 'Just instructions', /sample\.md has no front matter/],
		['invalid YAML', good('key: [unclosed'), /sample\.md has front matter that is not valid YAML/],
		[
			'an unknown category',
			good(base.replace('Campaigns', 'Gossip')),
			/sample\.md is invalid: category: category must be one of/
		],
		['a key that is not the file name', good(base.replace('key: sample', 'key: other')), /declares key "other"/],
		['a misspelt field', good(`${base}\nstarter: [Hi]`), /sample\.md is invalid: .*starter/],
		['a bad version', good(base.replace('version: 2', 'version: two')), /version must look like 1/],
		[
			'a choice question without options',
			good(base.replace('type: short_text', 'type: single_choice')),
			/intake\.questions\.0\.options: Give "What is the goal\?" at least 2 options/
		],
		['empty instructions', good(base, '   '), /instructions: Enter the instructions/],
		['too many starters', good(`${base}\nstarters: [a, b, c, d, e]`), /starters: An assistant can have up to 4/]
	];
	it.each(bad)('refuses a file with %s, naming the file and the problem', (_what, text, message) => {
		expect(() => parseBuiltinAssistant(text, 'sample.md')).toThrow(BuiltinAssistantError);
		expect(() => parseBuiltinAssistant(text, 'sample.md')).toThrow(message);
	});
});
