/**
 * Built-in NHS assistants are Markdown files in prompts/assistants/: YAML front matter (key, version,
 * name, category, intake and so on) and the instructions as the body. At start-up each file is
 * validated and loaded into `assistants`; a file whose `version` differs from the one loaded before
 * replaces the stored definition as a new version (the file wins over admins' edits).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { assistantInputSchema, type AssistantDefinition } from '../../schemas/assistant';
import {
	findBuiltinAssistant,
	insertBuiltinAssistant,
	updateBuiltinAssistant,
	type BuiltinRecord
} from '../db/queries/builtin-assistants';
import { audit } from '../governance/audit';

export const BUILTIN_DIR = 'prompts/assistants';

export class BuiltinAssistantError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'BuiltinAssistantError';
	}
}

const frontMatterSchema = assistantInputSchema
	.omit({ instructions: true, visibility: true, teamId: true, status: true, changeNote: true })
	.extend({
		key: z
			.string({ error: 'key is required (the file name without .md)' })
			.regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'key must be lower-case letters, digits and hyphens'),
		version: z
			.union([z.number(), z.string()], { error: 'version is required, for example 1 or 1.2' })
			.transform((v) => String(v).trim())
			.pipe(z.string().regex(/^\d+(\.\d+){0,2}$/, 'version must look like 1, 1.2 or 1.2.3')),
		featured: z.boolean({ error: 'featured must be true or false' }).optional().default(false)
	})
	.strict();

export type BuiltinAssistant = {
	key: string;
	version: string;
	featured: boolean;
	definition: AssistantDefinition;
};

function describeIssues(error: z.ZodError): string {
	return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'front matter'}: ${i.message}`).join('; ');
}

/** Parses one file's text. Pure, so every problem can be tested without files. */
export function parseBuiltinAssistant(text: string, fileName: string): BuiltinAssistant {
	const source = `${BUILTIN_DIR}/${fileName}`;
	const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
	if (!match) throw new BuiltinAssistantError(`${source} has no front matter (a --- block at the top)`);
	let fields: unknown;
	try {
		fields = parseYaml(match[1]);
	} catch (e) {
		throw new BuiltinAssistantError(`${source} has front matter that is not valid YAML: ${(e as Error).message}`);
	}
	if (!fields || typeof fields !== 'object' || Array.isArray(fields)) {
		throw new BuiltinAssistantError(`${source} front matter must be a set of key: value lines`);
	}
	const parsed = frontMatterSchema.safeParse(fields);
	if (!parsed.success) throw new BuiltinAssistantError(`${source} is invalid: ${describeIssues(parsed.error)}`);
	const expectedKey = fileName.replace(/\.md$/, '');
	if (parsed.data.key !== expectedKey) {
		throw new BuiltinAssistantError(`${source} declares key "${parsed.data.key}"; it must match the file name`);
	}
	// Instructions are checked by the same rules as a builder's (length, not empty).
	const instructions = assistantInputSchema.shape.instructions.safeParse(match[2]);
	if (!instructions.success) {
		throw new BuiltinAssistantError(`${source} is invalid: instructions: ${instructions.error.issues[0].message}`);
	}
	const { key, version, featured, ...rest } = parsed.data;
	return { key, version, featured, definition: { ...rest, instructions: instructions.data } };
}

/** Reads and validates every built-in assistant file; the first bad file stops with its name and problem. */
export async function readBuiltinAssistants(dir = BUILTIN_DIR): Promise<BuiltinAssistant[]> {
	const root = path.resolve(dir);
	let names: string[];
	try {
		names = (await readdir(root)).filter((n) => n.endsWith('.md') && n.toLowerCase() !== 'readme.md').sort();
	} catch (e) {
		throw new BuiltinAssistantError(`Cannot read the built-in assistants folder ${dir}: ${(e as Error).message}`);
	}
	const assistants: BuiltinAssistant[] = [];
	for (const name of names) assistants.push(parseBuiltinAssistant(await readFile(path.join(root, name), 'utf8'), name));
	return assistants;
}

export type BuiltinLoadResult = {
	created: string[];
	updated: string[];
	unchanged: string[];
	/** Administrators' versions, waiting for approval or declined, that a shipped update replaced. */
	superseded: { key: string; version: number }[];
};

/**
 * Loads the built-in assistants: adds missing ones and updates those whose file version changed,
 * writing an `assistant_versions` row each time. Anything else is left exactly as it is.
 */
export async function loadBuiltinAssistants(dir = BUILTIN_DIR): Promise<BuiltinLoadResult> {
	const files = await readBuiltinAssistants(dir);
	const result: BuiltinLoadResult = { created: [], updated: [], unchanged: [], superseded: [] };
	for (const file of files) {
		const record: BuiltinRecord = {
			...file,
			changeNote: `Updated from ${BUILTIN_DIR}/${file.key}.md version ${file.version}`
		};
		const existing = await findBuiltinAssistant(file.key);
		let changed: { id: string; change: 'created' | 'updated'; superseded?: number } | null = null;
		if (!existing) {
			const id = await insertBuiltinAssistant(record);
			if (id) changed = { id, change: 'created' };
		} else if (existing.builtinVersion !== file.version) {
			const updated = await updateBuiltinAssistant(existing.id, existing.version, record);
			if (updated) changed = { id: existing.id, change: 'updated', superseded: updated.superseded ?? undefined };
		}
		if (!changed) {
			result.unchanged.push(file.key);
			continue;
		}
		result[changed.change].push(file.key);
		if (changed.superseded !== undefined) result.superseded.push({ key: file.key, version: changed.superseded });
		await audit(null, 'assistant.builtin_loaded', {
			actorId: null,
			targetType: 'assistant',
			targetId: changed.id,
			details: {
				key: file.key,
				version: file.version,
				change: changed.change,
				...(changed.superseded !== undefined ? { supersededVersion: changed.superseded } : {})
			}
		});
	}
	return result;
}

/** A one-line start-up message, or null when nothing changed. */
export function describeBuiltinLoad(result: BuiltinLoadResult): string | null {
	const parts = [
		result.created.length ? `added ${result.created.length}` : '',
		result.updated.length ? `updated ${result.updated.join(', ')}` : ''
	].filter(Boolean);
	const replaced = result.superseded.map(
		(s) =>
			`the shipped ${s.key} replaced an administrator's version ${s.version} that was not approved (it stays in the version history)`
	);
	return parts.length ? `Built-in assistants: ${[...parts, ...replaced].join('; ')}` : null;
}
