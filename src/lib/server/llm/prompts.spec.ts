import { describe, expect, it } from 'vitest';
import { loadPrompt, parsePrompt, PromptError, renderPrompt } from './prompts';

const text = `---
id: greeting
version: 2
variables: [name, place]
---
Hello {{name}}, welcome to {{ place }}.
`;

describe('prompts', () => {
	it('reads the front matter and fills in variables', () => {
		const prompt = parsePrompt(text);
		expect(prompt).toMatchObject({ id: 'greeting', version: 2, variables: ['name', 'place'] });
		expect(renderPrompt(prompt, { name: 'Sam', place: 'the $1 NHS' })).toBe('Hello Sam, welcome to the $1 NHS.');
	});

	it('refuses unknown and missing variables', () => {
		const prompt = parsePrompt(text);
		expect(() => renderPrompt(prompt, { name: 'Sam', place: 'x', extra: 'y' })).toThrow(/no variable "extra"/);
		expect(() => renderPrompt(prompt, { name: 'Sam' })).toThrow(/needs a value for "place"/);
	});

	it('refuses a body that uses an undeclared variable, and bad front matter', () => {
		expect(() => parsePrompt(text.replace('[name, place]', '[name]'))).toThrow(/\{\{place\}\}/);
		expect(() => parsePrompt('No front matter')).toThrow(PromptError);
		expect(() => parsePrompt(text.replace('version: 2', 'version: two'))).toThrow(/version/);
	});

	it('reads block-list variables', () => {
		const prompt = parsePrompt('---\nid: a\nversion: 1\nvariables:\n  - x\n  - y\n---\n{{x}}{{y}}');
		expect(prompt.variables).toEqual(['x', 'y']);
	});

	it.each(['chat-system', 'chat-grounding', 'chat-title'])('loads prompts/%s.md', async (id) => {
		const prompt = await loadPrompt(id);
		expect(prompt.id).toBe(id);
		expect(prompt.version).toBeGreaterThanOrEqual(1);
	});
});
