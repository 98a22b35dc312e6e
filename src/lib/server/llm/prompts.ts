/**
 * Prompts are Markdown files in prompts/ with front matter (id, version, variables). The id and
 * version of every prompt used are stored with the answer they produced.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { PromptVersion } from '$lib/schemas/chat';

const frontMatterSchema = z.object({
	id: z.string().regex(/^[a-z0-9][a-z0-9/-]*$/, 'id must be lower-case letters, digits and hyphens'),
	version: z.coerce.number().int('version must be a whole number').min(1, 'version must be 1 or more'),
	variables: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'variable names are letters, digits and _'))
});

export type Prompt = PromptVersion & { variables: string[]; body: string };

export class PromptError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PromptError';
	}
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

function parseList(value: string): string[] {
	const inner = value.trim().replace(/^\[/, '').replace(/\]$/, '');
	return inner
		.split(',')
		.map((v) => v.trim().replace(/^(['"])(.*)\1$/, '$2'))
		.filter(Boolean);
}

/** Parses a prompt file's text. Pure, so it can be tested without files. */
export function parsePrompt(text: string, source = 'prompt'): Prompt {
	const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
	if (!match) throw new PromptError(`${source} has no front matter (a --- block with id, version and variables)`);
	const fields: Record<string, unknown> = {};
	const lines = match[1].split(/\r?\n/);
	for (let i = 0; i < lines.length; i++) {
		const kv = /^([A-Za-z_]+)\s*:\s*(.*)$/.exec(lines[i]);
		if (!kv) continue;
		const [, key, value] = kv;
		if (key !== 'variables') {
			fields[key] = value.trim().replace(/^(['"])(.*)\1$/, '$2');
		} else if (value.trim()) {
			fields.variables = parseList(value);
		} else {
			// Block list: "variables:" followed by "  - name" lines.
			const items: string[] = [];
			while (i + 1 < lines.length && /^\s*-\s*/.test(lines[i + 1]))
				items.push(lines[++i].replace(/^\s*-\s*/, '').trim());
			fields.variables = items;
		}
	}
	const parsed = frontMatterSchema.safeParse(fields);
	if (!parsed.success) {
		const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'front matter'}: ${i.message}`);
		throw new PromptError(`${source} has invalid front matter: ${problems.join('; ')}`);
	}
	const body = match[2].trim();
	const declared = new Set(parsed.data.variables);
	for (const [, name] of body.matchAll(PLACEHOLDER)) {
		if (!declared.has(name)) throw new PromptError(`${source} uses {{${name}}} but does not declare it in variables`);
	}
	return { ...parsed.data, body };
}

/** Fills in {{variables}}. Every declared variable must be given, and nothing else. */
export function renderPrompt(prompt: Prompt, values: Record<string, string> = {}): string {
	for (const name of Object.keys(values)) {
		if (!prompt.variables.includes(name)) {
			throw new PromptError(
				`Prompt ${prompt.id} has no variable "${name}" (it has: ${prompt.variables.join(', ') || 'none'})`
			);
		}
	}
	for (const name of prompt.variables) {
		if (values[name] === undefined) throw new PromptError(`Prompt ${prompt.id} needs a value for "${name}"`);
	}
	// A function replacement so that `$` in values is never read as a replacement pattern.
	return prompt.body.replace(PLACEHOLDER, (_m, name: string) => values[name]);
}

const cache = new Map<string, Promise<Prompt>>();

/** Loads prompts/<id>.md once per process and checks that its front matter names the same id. */
export function loadPrompt(id: string): Promise<Prompt> {
	let loading = cache.get(id);
	if (!loading) {
		const file = path.resolve('prompts', `${id}.md`);
		loading = readFile(file, 'utf8').then((text) => {
			const prompt = parsePrompt(text, `prompts/${id}.md`);
			if (prompt.id !== id) throw new PromptError(`prompts/${id}.md declares id "${prompt.id}"; they must match`);
			return prompt;
		});
		loading.catch(() => cache.delete(id));
		cache.set(id, loading);
	}
	return loading;
}

export function promptVersion(prompt: Prompt): PromptVersion {
	return { id: prompt.id, version: prompt.version };
}
