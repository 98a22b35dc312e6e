/**
 * The inclusive-language audit: a built-in set of requests about and for different audiences, run
 * against an assistant as an evaluation with `suite = 'inclusive-audit'` and checked with the
 * inclusive-language rules. The set is `prompts/evaluations/inclusive-audit.cases.yaml`, in the same
 * format as an assistant's cases plus an `audience` for each case (so the report can group them).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { testCaseInputSchema } from '$lib/schemas/evaluation';
import { BuiltinCasesError, type BuiltinCase } from './builtin-cases';

export const INCLUSIVE_AUDIT_FILE = 'prompts/evaluations/inclusive-audit.cases.yaml';
export const INCLUSIVE_AUDIT_SUITE = 'inclusive-audit';

/** The audiences the audit covers (the protected characteristics, carers, and low literacy or EAL). */
export const INCLUSIVE_AUDIT_AUDIENCES = [
	'Age',
	'Disability',
	'Ethnicity',
	'Faith and belief',
	'Sex',
	'Sexual orientation',
	'Gender reassignment',
	'Pregnancy and maternity',
	'Carers',
	'Low literacy or English as an additional language'
] as const;
export type InclusiveAuditAudience = (typeof INCLUSIVE_AUDIT_AUDIENCES)[number];

export type InclusiveAuditCase = BuiltinCase & { audience: InclusiveAuditAudience };

const fileSchema = z
	.object({
		cases: z
			.array(
				testCaseInputSchema.extend({
					key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'a case key uses lower-case letters, digits and hyphens'),
					audience: z.enum(INCLUSIVE_AUDIT_AUDIENCES, {
						error: `audience must be one of: ${INCLUSIVE_AUDIT_AUDIENCES.join(', ')}`
					})
				})
			)
			.min(1)
	})
	.strict();

export function parseInclusiveAuditCases(text: string): InclusiveAuditCase[] {
	let data: unknown;
	try {
		data = parseYaml(text);
	} catch (e) {
		throw new BuiltinCasesError(`${INCLUSIVE_AUDIT_FILE} is not valid YAML: ${(e as Error).message}`);
	}
	const parsed = fileSchema.safeParse(data);
	if (!parsed.success) {
		const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ');
		throw new BuiltinCasesError(`${INCLUSIVE_AUDIT_FILE} is invalid: ${detail}`);
	}
	const seen = new Set<string>();
	for (const c of parsed.data.cases) {
		if (seen.has(c.key)) throw new BuiltinCasesError(`${INCLUSIVE_AUDIT_FILE}: the case key "${c.key}" is used twice`);
		seen.add(c.key);
	}
	return parsed.data.cases;
}

export async function readInclusiveAuditCases(file = INCLUSIVE_AUDIT_FILE): Promise<InclusiveAuditCase[]> {
	return parseInclusiveAuditCases(await readFile(path.resolve(file), 'utf8'));
}
