/**
 * Words that end in a full stop without ending a sentence. Kept to common UK and NHS usage; "etc" is left
 * out on purpose because it usually does end a sentence when a capital letter follows.
 */
const ABBREVIATIONS = new Set(
	(
		'e.g i.e eg ie cf vs v viz approx al dr mr mrs ms mx prof st rev cllr hon sr jr rt sgt capt col gen lt fig figs ' +
		'para paras ref refs vol ch sec p pp tel ext dept est jan feb mar apr jun jul aug sep sept oct nov dec'
	).split(' ')
);

/** Sentence-ending punctuation, any closing quotes or brackets, then space and the start of a new sentence. */
const CANDIDATE = /[.!?…]+["'”’)\]]*(?=\s+["'“‘([]?[\p{Lu}\p{N}])/gu;

/**
 * Splits normalised text into sentences. Errs towards not splitting: a missed boundary only makes one
 * piece longer, while a wrong one cuts a sentence in half. "1.5" and "NHS.UK" have no space after the
 * full stop so are never candidates; "e.g.", "Dr.", "St." and initials like "J." or "U.K." are skipped.
 */
export function splitSentences(text: string): string[] {
	const sentences: string[] = [];
	let start = 0;
	for (const match of text.matchAll(CANDIDATE)) {
		const end = match.index + match[0].length;
		if (match[0].startsWith('.') && !endsSentence(text, match.index, end)) continue;
		const sentence = text.slice(start, end).trim();
		if (sentence) sentences.push(sentence);
		start = end;
	}
	const rest = text.slice(start).trim();
	if (rest) sentences.push(rest);
	return sentences;
}

function endsSentence(text: string, dot: number, end: number): boolean {
	const wordStart = text.lastIndexOf(' ', dot - 1) + 1;
	const word = text.slice(wordStart, dot).replace(/^["'“‘([]+/, '');
	const lower = word.toLowerCase();
	if (ABBREVIATIONS.has(lower)) return false;
	// "No. 5" is an abbreviation, but "I said no. Then" is not.
	if ((lower === 'no' || lower === 'nos') && /^\s+\d/.test(text.slice(end))) return false;
	if (/^\p{Lu}$/u.test(word)) return false;
	if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) return false;
	return true;
}
