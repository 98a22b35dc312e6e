/**
 * Query expansion with the synonym and acronym list: a question that says "A&E" also searches for
 * "emergency department", one that says "family doctor" also for "GP". Pure, so it is tested alone;
 * retrieval/synonyms.ts loads the groups from the database.
 */
export type SynonymGroup = { term: string; synonyms: string[] };
type Phrase = { text: string; pattern: RegExp };
export type CompiledSynonyms = { phrases: Phrase[] }[];

/** Lower case, typographic apostrophes and spaces made plain, runs of spaces collapsed. */
export function normalisePhrase(text: string): string {
	return text
		.toLowerCase()
		.replace(/[\u2018\u2019]/g, "'")
		.replace(/\s+/g, ' ')
		.trim();
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches the phrase as whole words (a trailing plural "s" allowed), wherever it starts or ends with a letter or digit. */
function phrasePattern(phrase: string): RegExp {
	const before = /^[\p{L}\p{N}]/u.test(phrase) ? '(?<![\\p{L}\\p{N}])' : '';
	const after = /[\p{L}\p{N}]$/u.test(phrase) ? "(?:'?s)?(?![\\p{L}\\p{N}])" : '';
	return new RegExp(`${before}${escape(phrase).replace(/ /g, '\\s+')}${after}`, 'u');
}

export function compileSynonyms(groups: SynonymGroup[]): CompiledSynonyms {
	return groups.map((g) => {
		const texts = [...new Set([g.term, ...g.synonyms].map(normalisePhrase).filter(Boolean))];
		return { phrases: texts.map((text) => ({ text, pattern: phrasePattern(text) })) };
	});
}

/**
 * The question with the other phrases of every group it mentions appended, and those phrases. Phrases
 * already in the question are not repeated, so a question using every name of a thing is unchanged.
 */
export function expandQuery(question: string, synonyms: CompiledSynonyms): { text: string; added: string[] } {
	const text = normalisePhrase(question);
	const added: string[] = [];
	for (const group of synonyms) {
		const present = group.phrases.map((p) => p.pattern.test(text));
		if (!present.some(Boolean)) continue;
		group.phrases.forEach((p, i) => {
			if (!present[i] && !added.includes(p.text)) added.push(p.text);
		});
	}
	return { text: added.length ? `${question} ${added.join(' ')}` : question, added };
}
