/** Reading, validating and auditing the admin form for a draft-check rule. */
import { fieldErrors, formFields } from '$lib/schemas/auth';
import { styleRuleFormSchema, styleRuleIdSchema, type StyleRuleForm } from '$lib/schemas/draft-checks';
import type { StyleRule } from '../db/schema';
import { listRuleDocuments } from '../db/queries/style-rules';
import { validateRulePatterns } from './rule-validation';

export type RuleFormValues = {
	id?: string;
	category: string;
	pattern: string;
	caseSensitive: boolean;
	exceptions: string;
	message: string;
	suggestion: string;
	documentRef: string;
	sourceUrl: string;
	enabled: boolean;
};

export type RuleFormResult =
	{ ok: true; id: string; data: StyleRuleForm } | { ok: false; values: RuleFormValues; errors: Record<string, string> };

const FIELDS = [
	'id',
	'category',
	'pattern',
	'caseSensitive',
	'exceptions',
	'message',
	'suggestion',
	'documentRef',
	'sourceUrl',
	'enabled'
] as const;

export function ruleToValues(rule: StyleRule): RuleFormValues {
	return {
		id: rule.id,
		category: rule.category,
		pattern: rule.pattern,
		caseSensitive: rule.caseSensitive,
		exceptions: rule.exceptions.join('\n'),
		message: rule.message,
		suggestion: rule.suggestion,
		documentRef: rule.documentRef ?? '',
		sourceUrl: rule.sourceUrl ?? '',
		enabled: rule.enabled
	};
}

/** Parses the form; `withId` for a new rule, `currentRef` the edited rule's document. Patterns are compiled and speed-tested before they are accepted. */
export async function readRuleForm(
	form: FormData,
	withId: boolean,
	currentRef?: string | null
): Promise<RuleFormResult> {
	const raw = formFields(form, FIELDS);
	const values: RuleFormValues = {
		id: raw.id ?? '',
		category: raw.category ?? '',
		pattern: raw.pattern ?? '',
		caseSensitive: raw.caseSensitive === 'on' || raw.caseSensitive === 'true',
		exceptions: raw.exceptions ?? '',
		message: raw.message ?? '',
		suggestion: raw.suggestion ?? '',
		documentRef: raw.documentRef ?? '',
		sourceUrl: raw.sourceUrl ?? '',
		enabled: raw.enabled === 'on' || raw.enabled === 'true'
	};
	const exceptions = values.exceptions
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter(Boolean);
	const errors: Record<string, string> = {};
	let id = '';
	if (withId) {
		const parsedId = styleRuleIdSchema.safeParse(values.id);
		if (parsedId.success) id = parsedId.data;
		else errors.id = parsedId.error.issues[0].message;
	}
	const parsed = styleRuleFormSchema.safeParse({ ...values, exceptions });
	if (!parsed.success) Object.assign(errors, fieldErrors(parsed.error));
	// An existing rule may keep a document that is not in this library (the sample corpus not loaded).
	if (!errors.documentRef && values.documentRef.trim() !== currentRef) {
		const docs = await listRuleDocuments();
		if (!docs.some((d) => d.ref === values.documentRef.trim())) {
			errors.documentRef = 'Choose a guidance document from the list';
		}
	}
	// Checked even when other fields need fixing, so every problem is shown at once.
	if (!errors.pattern && !errors.exceptions) {
		Object.assign(
			errors,
			await validateRulePatterns({ pattern: values.pattern, caseSensitive: values.caseSensitive, exceptions })
		);
	}
	if (!parsed.success || Object.keys(errors).length) return { ok: false, values, errors };
	return { ok: true, id, data: parsed.data };
}

/** What the audit log keeps about a rule: its settings, never any checked text. */
export function ruleAuditView(
	rule: Pick<StyleRule, 'category' | 'pattern' | 'caseSensitive' | 'exceptions' | 'enabled' | 'documentRef'>
) {
	return {
		category: rule.category,
		pattern: rule.pattern,
		caseSensitive: rule.caseSensitive,
		exceptionCount: rule.exceptions.length,
		enabled: rule.enabled,
		documentRef: rule.documentRef
	};
}
