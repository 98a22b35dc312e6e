/** The personal-data guard applied to an attachment's text: counts by kind and the first findings in context. */
import { countByKind, findPersonalData, replaceWithPlaceholders } from '$lib/governance/personal-data';
import type { AttachmentPersonalData, PersonalDataExample } from '$lib/schemas/attachment';
import { guardConfig } from '../chat/guard';

const EXAMPLES = 5;
const CONTEXT_CHARS = 40;

export async function scanText(text: string): Promise<AttachmentPersonalData> {
	const { hospitalNumberPattern } = await guardConfig();
	const findings = findPersonalData(text, { hospitalNumberPattern });
	const kinds = countByKind(findings) as Record<string, number>;
	const examples: PersonalDataExample[] = findings.slice(0, EXAMPLES).map((f) => ({
		kind: f.kind,
		before: text.slice(Math.max(0, f.start - CONTEXT_CHARS), f.start).replace(/\s+/g, ' '),
		match: text.slice(f.start, f.end),
		after: text.slice(f.end, f.end + CONTEXT_CHARS).replace(/\s+/g, ' ')
	}));
	return { total: findings.length, kinds, examples };
}

/** The text with everything the guard finds replaced by placeholders such as [NHS number]. */
export async function redactText(text: string): Promise<string> {
	const { hospitalNumberPattern } = await guardConfig();
	return replaceWithPlaceholders(text, findPersonalData(text, { hospitalNumberPattern }));
}
