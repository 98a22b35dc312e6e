/**
 * The example prompts the organisation prompt library ships with, from prompts/library/examples.yaml.
 * At start-up each example is added once (see addSeedPromptOnce); afterwards it is an ordinary
 * organisation prompt that administrators edit or delete, and the seed never brings it back.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { promptVariables, savedPromptInputSchema } from '../../schemas/assistant';
import { promptBodyProblem } from '../../schemas/saved-prompt';
import { addSeedPromptOnce, type SeedPrompt } from '../db/queries/prompt-library-seeds';
import { errorFields, logger } from '../observability/log';

export const PROMPT_EXAMPLES_FILE = 'prompts/library/examples.yaml';

export class PromptExamplesError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PromptExamplesError';
	}
}

const exampleSchema = z
	.object({
		key: z
			.string({ error: 'key is required: lower-case letters, digits and hyphens, for example social-x-post' })
			.regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'key must be lower-case letters, digits and hyphens (up to 60)'),
		theme: z
			.string({ error: 'theme must be text, for example Social media' })
			.trim()
			.min(1, 'theme must not be empty: leave it out instead')
			.max(60, 'theme must be 60 characters or fewer')
			.optional(),
		title: savedPromptInputSchema.shape.title,
		body: savedPromptInputSchema.shape.body
	})
	.strict()
	.superRefine((e, ctx) => {
		const problem = promptBodyProblem(e.body);
		if (problem) ctx.addIssue({ code: 'custom', path: ['body'], message: problem });
		else if (!promptVariables(e.body).length) {
			ctx.addIssue({ code: 'custom', path: ['body'], message: 'add at least one blank to fill in, written {{name}}' });
		}
	});

const fileSchema = z
	.object({
		version: z.literal(1, { error: 'version must be 1' }),
		examples: z.array(z.unknown(), { error: 'examples must be a list of prompts (- key: ..., title: ..., body: ...)' })
	})
	.strict();

/** Where in the file an issue is, in words an editor can find: `examples[3] (key "faqs") body`. */
function place(index: number, raw: unknown, path: PropertyKey[]): string {
	const key = raw && typeof raw === 'object' && 'key' in raw ? ` (key "${String(raw.key)}")` : '';
	return `examples[${index}]${key}${path.length ? ` ${path.map(String).join('.')}` : ''}`;
}

/** Parses and checks the file's text; every problem is reported together, each with where it is. Pure. */
export function parsePromptExamples(text: string, source = PROMPT_EXAMPLES_FILE): SeedPrompt[] {
	let data: unknown;
	try {
		data = parseYaml(text);
	} catch (e) {
		throw new PromptExamplesError(`${source} is not valid YAML: ${(e as Error).message}`);
	}
	const file = fileSchema.safeParse(data);
	if (!file.success) {
		const issues = file.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'file'}: ${i.message}`);
		throw new PromptExamplesError(`${source} is invalid: ${issues.join('; ')}`);
	}
	const problems: string[] = [];
	const examples: SeedPrompt[] = [];
	const keys = new Set<string>();
	const titles = new Set<string>();
	file.data.examples.forEach((raw, index) => {
		const parsed = exampleSchema.safeParse(raw);
		if (!parsed.success) {
			for (const i of parsed.error.issues) problems.push(`${place(index, raw, i.path)}: ${i.message}`);
			return;
		}
		const e = parsed.data;
		if (keys.has(e.key)) problems.push(`${place(index, raw, ['key'])}: the key "${e.key}" is used twice`);
		if (titles.has(e.title.toLowerCase())) {
			problems.push(`${place(index, raw, ['title'])}: the title "${e.title}" is used twice`);
		}
		keys.add(e.key);
		titles.add(e.title.toLowerCase());
		examples.push(e);
	});
	if (problems.length) throw new PromptExamplesError(`${source} is invalid: ${problems.join('; ')}`);
	return examples;
}

/** Reads and checks the examples file. */
export async function loadPromptExamples(file = PROMPT_EXAMPLES_FILE): Promise<SeedPrompt[]> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (e) {
		throw new PromptExamplesError(`${file} could not be read: ${(e as Error).message}`);
	}
	return parsePromptExamples(text, file);
}

const reads = new Map<string, Promise<SeedPrompt[]>>();

/**
 * The examples file, read and checked once per process: it ships with the app and does not change while
 * it runs. A failed read is not kept, so the next caller tries again.
 */
export function shippedPromptExamples(file = PROMPT_EXAMPLES_FILE): Promise<SeedPrompt[]> {
	let read = reads.get(file);
	if (!read) {
		const attempt = loadPromptExamples(file);
		attempt.catch(() => {
			if (reads.get(file) === attempt) reads.delete(file);
		});
		reads.set(file, attempt);
		read = attempt;
	}
	return read;
}

/**
 * Adds the examples the organisation library has never had. Safe to run on every start and on several
 * instances at once. Returns how many were added by this call.
 */
export async function seedPromptExamples(examples?: SeedPrompt[]): Promise<number> {
	let added = 0;
	for (const example of examples ?? (await shippedPromptExamples())) {
		if (await addSeedPromptOnce(example)) added++;
	}
	return added;
}

/**
 * The theme of each shipped example, by its key (a saved prompt carries the key it was seeded from). An
 * unreadable file (already reported at start-up) only means no themes, never no list.
 */
export async function exampleThemesByKey(file = PROMPT_EXAMPLES_FILE): Promise<Map<string, string>> {
	let examples: SeedPrompt[];
	try {
		examples = await shippedPromptExamples(file);
	} catch (e) {
		logger().warn(errorFields(e), 'prompt example themes could not be read');
		return new Map();
	}
	return new Map(examples.filter((e) => e.theme).map((e) => [e.key, e.theme!]));
}
