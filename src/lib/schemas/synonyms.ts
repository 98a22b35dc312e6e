import { z } from 'zod';

const PHRASE_MAX = 60;
const SYNONYMS_MAX = 20;

/** Synonyms typed one a line (commas also separate), trimmed, blanks and repeats dropped. */
export function splitSynonyms(text: string): string[] {
	const seen = new Set<string>();
	const out: string[] = [];
	for (const raw of text.split(/[\n,]/)) {
		const phrase = raw.replace(/\s+/g, ' ').trim();
		if (phrase && !seen.has(phrase.toLowerCase())) {
			seen.add(phrase.toLowerCase());
			out.push(phrase);
		}
	}
	return out;
}

const phrase = z
	.string()
	.max(PHRASE_MAX, { error: `Each phrase must be ${PHRASE_MAX} characters or fewer` })
	.regex(/[\p{L}\p{N}]/u, { error: 'Each phrase must contain a letter or number' });

/** The add and change form of a synonym group at /admin/synonyms. */
export const synonymFormSchema = z
	.object({
		term: z
			.string({ error: 'Enter a term' })
			.transform((t) => t.replace(/\s+/g, ' ').trim())
			.pipe(z.string().min(1, { error: 'Enter a term' }).pipe(phrase)),
		synonyms: z
			.string({ error: 'Enter at least one synonym' })
			.transform(splitSynonyms)
			.pipe(
				z
					.array(phrase)
					.min(1, { error: 'Enter at least one synonym' })
					.max(SYNONYMS_MAX, { error: `Enter ${SYNONYMS_MAX} synonyms or fewer` })
			)
	})
	.refine((v) => !v.synonyms.some((s) => s.toLowerCase() === v.term.toLowerCase()), {
		error: 'A synonym cannot be the term itself',
		path: ['synonyms']
	});

export type SynonymForm = z.infer<typeof synonymFormSchema>;
export const SYNONYM_FIELD_ORDER = ['term', 'synonyms'];
