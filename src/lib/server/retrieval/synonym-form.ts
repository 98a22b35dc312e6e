/** Reads and checks the synonym form of /admin/synonyms (add and change share it). */
import { formFields } from '$lib/schemas/auth';
import { synonymFormSchema, type SynonymForm } from '$lib/schemas/synonyms';
import type { SearchSynonym } from '../db/schema';
import { synonymTermTaken } from '../db/queries/synonyms';

export type SynonymValues = { term: string; synonyms: string };
type Result =
	| { ok: true; data: SynonymForm }
	| { ok: false; values: SynonymValues; errors: Partial<Record<'term' | 'synonyms', string>> };

export async function readSynonymForm(form: FormData, exceptId?: string): Promise<Result> {
	const fields = formFields(form, ['term', 'synonyms']);
	const values = { term: fields.term ?? '', synonyms: fields.synonyms ?? '' };
	const parsed = synonymFormSchema.safeParse(fields);
	if (!parsed.success) {
		const errors: Partial<Record<'term' | 'synonyms', string>> = {};
		for (const issue of parsed.error.issues) {
			const field = issue.path[0] === 'term' ? 'term' : 'synonyms';
			errors[field] ??= issue.message;
		}
		return { ok: false, values, errors };
	}
	if (await synonymTermTaken(parsed.data.term, exceptId)) {
		return { ok: false, values, errors: { term: `"${parsed.data.term}" is already in the list: change it there` } };
	}
	return { ok: true, data: parsed.data };
}

/** What the audit log keeps of a group. */
export function synonymAuditView(row: Pick<SearchSynonym, 'term' | 'synonyms'>) {
	return { term: row.term, synonyms: row.synonyms };
}

export function synonymValues(row: Pick<SearchSynonym, 'term' | 'synonyms'>): SynonymValues {
	return { term: row.term, synonyms: row.synonyms.join('\n') };
}
