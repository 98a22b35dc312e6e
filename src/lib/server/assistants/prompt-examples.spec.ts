import { describe, expect, it } from 'vitest';
import { promptVariables } from '$lib/schemas/assistant';
import { loadPromptExamples, parsePromptExamples, PromptExamplesError } from './prompt-examples';

const wrap = (examples: string) => `version: 1\nexamples:\n${examples}`;
const good = `  - key: x-post\n    title: Post for X\n    body: Write a post about {{topic}}\n`;

function problem(text: string): string {
	try {
		parsePromptExamples(text, 'examples.yaml');
	} catch (e) {
		expect(e).toBeInstanceOf(PromptExamplesError);
		return (e as Error).message;
	}
	throw new Error('expected the file to be refused');
}

describe('the shipped example prompts', async () => {
	const examples = await loadPromptExamples();

	it('are at least 25, each with a blank to fill in and a unique key', () => {
		expect(examples.length).toBeGreaterThanOrEqual(25);
		for (const e of examples) expect(promptVariables(e.body).length, e.key).toBeGreaterThan(0);
		expect(new Set(examples.map((e) => e.key)).size).toBe(examples.length);
	});

	it('cover social posts per platform, headlines, FAQs, alt text and plain English', () => {
		const titles = examples.map((e) => e.title).join('\n');
		for (const word of ['X', 'Facebook', 'Instagram', 'LinkedIn', 'Nextdoor', 'Headline', 'questions', 'Alt text']) {
			expect(titles).toContain(word);
		}
		expect(titles).toMatch(/plain English/i);
	});

	it('each have a theme, and no theme is so small or so big that grouping by it would not help', () => {
		const counts = new Map<string, number>();
		for (const e of examples) {
			expect(e.theme, e.key).toBeTruthy();
			counts.set(e.theme!, (counts.get(e.theme!) ?? 0) + 1);
		}
		expect(counts.size).toBeGreaterThanOrEqual(5);
		for (const [theme, count] of counts) {
			expect(count, theme).toBeGreaterThanOrEqual(2);
			expect(count, theme).toBeLessThanOrEqual(10);
		}
	});
});

describe('parsePromptExamples', () => {
	it('reads a good file', () => {
		expect(parsePromptExamples(wrap(good))).toEqual([
			{ key: 'x-post', title: 'Post for X', body: 'Write a post about {{topic}}' }
		]);
	});

	it('reads an optional theme and refuses an empty or overlong one', () => {
		const themed = `  - key: x-post\n    theme: Social media\n    title: Post for X\n    body: Write a post about {{topic}}\n`;
		expect(parsePromptExamples(wrap(themed))[0].theme).toBe('Social media');
		expect(problem(wrap(themed.replace('Social media', "''")))).toContain(
			'examples[0] (key "x-post") theme: theme must not be empty'
		);
		expect(problem(wrap(themed.replace('Social media', 'x'.repeat(61))))).toContain(
			'theme must be 60 characters or fewer'
		);
	});

	it('says when the file is not YAML', () => {
		expect(problem('version: 1\nexamples: [\n')).toMatch(/^examples\.yaml is not valid YAML: /);
	});

	it('says what the file must look like when examples are missing', () => {
		expect(problem('version: 1\n')).toBe(
			'examples.yaml is invalid: examples: examples must be a list of prompts (- key: ..., title: ..., body: ...)'
		);
	});

	it('names the example and field of each problem, all at once', () => {
		const message = problem(
			wrap(
				good +
					`  - key: Bad Key\n    title: Two\n    body: Hello {{who}}\n` +
					`  - key: no-blanks\n    title: Three\n    body: No variables here\n` +
					`  - key: stray\n    title: Four\n    body: Hello {{1who}}\n` +
					`  - key: x-post\n    title: Five\n    body: Hi {{name}}\n` +
					`  - key: untitled\n    body: Hi {{name}}\n`
			)
		);
		expect(message).toContain('examples[1] (key "Bad Key") key: key must be lower-case letters, digits and hyphens');
		expect(message).toContain(
			'examples[2] (key "no-blanks") body: add at least one blank to fill in, written {{name}}'
		);
		expect(message).toContain('examples[3] (key "stray") body: "{{1who}}" is not a variable');
		expect(message).toContain('examples[4] (key "x-post") key: the key "x-post" is used twice');
		expect(message).toContain('examples[5] (key "untitled") title: Enter a title');
	});

	it('refuses fields it does not know, so a typo is not silently ignored', () => {
		expect(problem(wrap(good.replace('title:', 'titel:')))).toContain('examples[0] (key "x-post")');
	});
});
