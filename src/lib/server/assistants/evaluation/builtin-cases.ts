/**
 * A built-in assistant's test cases ship beside it: `prompts/assistants/<key>.cases.yaml`, a list under
 * `cases:` where each case has a stable `key` (lower-case, hyphens), a `name`, the `request`, optional
 * `answers` to the intake questions (by question id) and `expect` (see `testCaseExpectSchema`).
 * Parsing is pure so every problem can be tested without files.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Intake } from '$lib/schemas/assistant';
import { testCaseInputSchema, type TestCaseInput } from '$lib/schemas/evaluation';
import { BUILTIN_DIR } from '../builtins';

export type BuiltinCase = TestCaseInput & { key: string };

export class BuiltinCasesError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'BuiltinCasesError';
	}
}

const fileSchema = z
	.object({
		cases: z
			.array(
				testCaseInputSchema.extend({
					key: z
						.string({ error: 'each case needs a key' })
						.regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'a case key uses lower-case letters, digits and hyphens')
				})
			)
			.min(1, 'cases must list at least one test case')
	})
	.strict();

/** The file name for an assistant's cases. */
export function casesFileName(assistantKey: string): string {
	return `${assistantKey}.cases.yaml`;
}

/**
 * Parses one cases file. When the assistant's intake is given, every question id a case names (in
 * `answers`, `asks` or `mustNotAsk`) must be one of its questions.
 */
export function parseBuiltinCases(text: string, assistantKey: string, intake?: Intake): BuiltinCase[] {
	const source = `${BUILTIN_DIR}/${casesFileName(assistantKey)}`;
	let data: unknown;
	try {
		data = parseYaml(text);
	} catch (e) {
		throw new BuiltinCasesError(`${source} is not valid YAML: ${(e as Error).message}`);
	}
	const parsed = fileSchema.safeParse(data);
	if (!parsed.success) {
		const detail = parsed.error.issues
			.map((i) => `${i.path.length ? i.path.join('.') : 'file'}: ${i.message}`)
			.join('; ');
		throw new BuiltinCasesError(`${source} is invalid: ${detail}`);
	}
	const seen = new Set<string>();
	for (const c of parsed.data.cases) {
		if (seen.has(c.key)) throw new BuiltinCasesError(`${source}: the case key "${c.key}" is used twice`);
		seen.add(c.key);
		if (!intake) continue;
		const ids = new Set(intake.questions.map((q) => q.id));
		const named = [...Object.keys(c.answers), ...(c.expect.asks ?? []), ...(c.expect.mustNotAsk ?? [])];
		const unknown = named.filter((id) => !ids.has(id));
		if (unknown.length) {
			throw new BuiltinCasesError(
				`${source}: case "${c.key}" names ${unknown.map((u) => `"${u}"`).join(', ')}, which ${unknown.length === 1 ? 'is not a question' : 'are not questions'} of this assistant`
			);
		}
	}
	return parsed.data.cases;
}

/** Reads an assistant's cases file; an assistant with no file has no built-in cases. */
export async function readBuiltinCases(
	assistantKey: string,
	intake?: Intake,
	dir = BUILTIN_DIR
): Promise<BuiltinCase[]> {
	let text: string;
	try {
		text = await readFile(path.resolve(dir, casesFileName(assistantKey)), 'utf8');
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw new BuiltinCasesError(`Cannot read ${dir}/${casesFileName(assistantKey)}: ${(e as Error).message}`);
	}
	return parseBuiltinCases(text, assistantKey, intake);
}
