import { z } from 'zod';
import { RULE_CATEGORIES } from '$lib/governance/draft-checks';

/** The most text one draft check takes: well over the 5,000 words the checks are built for. */
export const MAX_DRAFT_CHARS = 50_000;

export const draftCheckRequestSchema = z.object({
	text: z
		.string({ error: 'Send the text to check as a string in "text"' })
		.max(MAX_DRAFT_CHARS, {
			error: `The text is too long to check. The limit is ${MAX_DRAFT_CHARS.toLocaleString('en-GB')} characters (about 7,000 words): check it in parts.`
		})
		.refine((t) => t.trim().length > 0, { error: 'Enter some text to check' })
});

const trimmed = (max: number, label: string) =>
	z
		.string()
		.trim()
		.max(max, { error: `${label} must be ${max.toLocaleString('en-GB')} characters or fewer` });

/** The admin form for a draft-check rule (patterns are checked further on the server). */
export const styleRuleFormSchema = z.object({
	category: z.enum(RULE_CATEGORIES, { error: 'Choose a category' }),
	pattern: z
		.string()
		.max(500, { error: 'The pattern must be 500 characters or fewer' })
		.refine((p) => p.trim().length > 0, { error: 'Enter a pattern' }),
	caseSensitive: z.boolean(),
	exceptions: z.array(z.string().max(500, { error: 'Each exception must be 500 characters or fewer' })).max(20, {
		error: 'Enter 20 exceptions or fewer'
	}),
	message: trimmed(300, 'The explanation').min(1, { error: 'Enter why this is a problem' }),
	suggestion: trimmed(200, 'The suggestion'),
	documentRef: z.string().trim().min(1, { error: 'Choose the guidance document this rule comes from' }).max(300),
	sourceUrl: z
		.string()
		.trim()
		.max(500)
		.refine((u) => u === '' || /^https:\/\/\S+$/.test(u), {
			error: 'Enter the web address of the official guidance, starting with https://, or leave it empty'
		}),
	enabled: z.boolean()
});

export const styleRuleIdSchema = z
	.string()
	.trim()
	.min(1, { error: 'Enter an ID for the rule' })
	.max(80, { error: 'The ID must be 80 characters or fewer' })
	.regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, {
		error: 'Use lower-case letters, numbers, dots and hyphens for the ID, like style.no-jargon'
	});

export type StyleRuleForm = z.infer<typeof styleRuleFormSchema>;
