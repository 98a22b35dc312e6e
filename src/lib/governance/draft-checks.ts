/**
 * Draft checks: readability (reading age, long sentences and paragraphs, passive voice) and a rule
 * engine for NHS style and inclusive-language rules. Pure and synchronous, so the server and the
 * browser run exactly the same checks. Offsets are UTF-16 code units (JavaScript string indexes),
 * end exclusive.
 */

export const RULE_CATEGORIES = ['a-to-z', 'style', 'numbers', 'inclusive'] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];
export type FindingCategory = RuleCategory | 'readability';

export const CATEGORY_LABELS: Record<FindingCategory, string> = {
	readability: 'Readability',
	'a-to-z': 'NHS words (A to Z)',
	style: 'Content style and punctuation',
	numbers: 'Numbers, dates and times',
	inclusive: 'Inclusive language'
};

/** Where a finding's guidance comes from: a corpus document and the official page it paraphrases. */
export type FindingSource = {
	/** "collection-slug/document-slug" in the guidance library. */
	documentRef: string | null;
	documentTitle: string | null;
	/** The collection's name. */
	collection: string | null;
	/** The official guidance page. */
	url: string | null;
};

export type DraftRule = {
	id: string;
	category: string;
	/** A JavaScript regular expression source, compiled with the `g` and `u` flags (and `i` unless case sensitive). */
	pattern: string;
	caseSensitive: boolean;
	/** Patterns that, when they match text overlapping a finding in the same sentence, mean it is not one. */
	exceptions: string[];
	message: string;
	suggestion: string;
	source: FindingSource | null;
};

export type DraftFinding = {
	ruleId: string;
	category: string;
	start: number;
	end: number;
	message: string;
	suggestion: string;
	source: FindingSource | null;
};

export type DraftCheckResult = {
	/** Flesch-Kincaid grade level + 5, rounded to whole years; null when there are no words. */
	readingAge: number | null;
	findings: DraftFinding[];
	stats: { words: number; sentences: number; paragraphs: number };
};

export const READING_AGE_FORMULA = 'Flesch-Kincaid grade level + 5';
export const MAX_SENTENCE_WORDS = 20;
export const MAX_PARAGRAPH_SENTENCES = 3;
/** The NHS aims for a reading age of 9 to 11. */
export const TARGET_READING_AGE = 11;

/** Built-in readability checks point at the writing style guidance. */
export const READABILITY_SOURCE: FindingSource = {
	documentRef: 'tone-and-style/writing-style',
	documentTitle: 'Writing style and readability',
	collection: 'Tone of voice and content style',
	url: 'https://service-manual.nhs.uk/content'
};

export type Span = { start: number; end: number };

// --- Text structure -------------------------------------------------------------------------------

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+|[-–][\p{L}\p{N}]+)*/gu;
/** Words that end in a full stop without ending a sentence. */
const ABBREVIATIONS = new Set([
	'dr',
	'mr',
	'mrs',
	'ms',
	'prof',
	'st',
	'no',
	'vs',
	'e.g',
	'i.e',
	'eg',
	'ie',
	'etc',
	'approx',
	'dept',
	'tel',
	'ref'
]);

/** Paragraphs: blocks separated by blank lines. */
export function splitParagraphs(text: string): Span[] {
	const out: Span[] = [];
	const re = /\S(?:[\s\S]*?\S)?(?=\s*\n[ \t]*\n|\s*$)/g;
	for (const m of text.matchAll(re)) out.push({ start: m.index, end: m.index + m[0].length });
	return out;
}

/**
 * Sentences: split after . ! ? (not after common abbreviations or inside numbers) and at line breaks,
 * so headings and list items count as their own sentences.
 */
export function splitSentences(text: string): Span[] {
	const out: Span[] = [];
	let start = -1;
	const push = (end: number) => {
		if (start >= 0) {
			let e = end;
			while (e > start && /\s/.test(text[e - 1])) e--;
			if (e > start) out.push({ start, end: e });
		}
		start = -1;
	};
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === '\n') {
			push(i);
			continue;
		}
		if (start < 0) {
			if (/\s/.test(c)) continue;
			start = i;
		}
		if (c === '.' || c === '!' || c === '?') {
			let j = i + 1;
			while (j < text.length && /[.!?"'”’)\]]/.test(text[j])) j++;
			if (j < text.length && !/\s/.test(text[j])) continue;
			if (c === '.') {
				const word = /([\p{L}.]+)$/u.exec(text.slice(Math.max(start, i - 12), i))?.[1]?.toLowerCase();
				if (word && (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word))) continue;
			}
			push(j);
			i = j - 1;
		}
	}
	push(text.length);
	return out;
}

export function countWords(text: string, span?: Span): number {
	const slice = span ? text.slice(span.start, span.end) : text;
	let n = 0;
	for (const m of slice.matchAll(WORD)) if (/\p{L}/u.test(m[0]) || /\d/.test(m[0])) n++;
	return n;
}

/** Syllables in an English word, by the usual vowel-group heuristic (good enough for a readability score). */
export function countSyllables(word: string): number {
	let w = word.toLowerCase().replace(/[^a-z]/g, '');
	if (!w) return 1;
	if (w.length <= 3) return 1;
	w = w.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, '').replace(/^y/, '');
	const groups = w.match(/[aeiouy]{1,2}/g);
	return Math.max(1, groups?.length ?? 1);
}

/** Flesch-Kincaid grade level plus 5 (the usual conversion from a US school grade to a UK reading age). */
export function readingAge(text: string, sentences = splitSentences(text)): number | null {
	const words = [...text.matchAll(WORD)].map((m) => m[0]);
	if (!words.length) return null;
	const sentenceCount = Math.max(1, sentences.filter((s) => countWords(text, s) > 0).length);
	const syllables = words.reduce((n, w) => n + (/^\d/.test(w) ? 1 : countSyllables(w)), 0);
	const grade = 0.39 * (words.length / sentenceCount) + 11.8 * (syllables / words.length) - 15.59;
	return Math.max(5, Math.round(grade + 5));
}

// --- Passive voice -------------------------------------------------------------------------------

const IRREGULAR_PARTICIPLES = new Set(
	(
		'arisen awoken beaten become begun bent bet bid bitten bled blown broken brought built burnt burned bought ' +
		'caught chosen come cost crept cut dealt done drawn dreamt drunk driven eaten fallen fed felt fought found ' +
		'fled flown forbidden forgotten forgiven frozen got gotten given gone ground grown hung heard hidden hit held ' +
		'hurt kept knelt known laid led leant learnt left lent let lain lit lost made meant met mistaken paid proven ' +
		'put quit read rid ridden rung risen run said seen sought sold sent set shaken shed shot shown shut sung sunk ' +
		'sat slept slid spoken spent spun spread stood stolen stuck stung struck sworn swept swum taken taught torn ' +
		'told thought thrown understood undertaken upset woken worn woven won written withdrawn'
	).split(' ')
);
/** Past participles that usually describe a state (adjectives), or -ed words that are not participles. */
const NOT_PASSIVE = new Set(
	(
		'aged bed bored concerned confused dedicated detailed disabled embed excited experienced feed hundred ' +
		'interested involved limited married naked need pleased prepared qualified red related registered ' +
		'scared seed shed sophisticated speed supposed tired used worried skilled sacred wicked based located ' +
		'advanced allowed ashamed determined devoted entitled exhausted frightened satisfied surprised ' +
		'unemployed breed weed'
	).split(' ')
);
const BE = "(?:am|is|are|was|were|be|been|being|isn['’]t|aren['’]t|wasn['’]t|weren['’]t)";
const PASSIVE = new RegExp(
	`\\b${BE}\\s+(?:(?:not|also|often|usually|always|never|sometimes|then|now|only|being|just|already|still|\\p{L}+ly)\\s+){0,2}(\\p{L}+)\\b`,
	'giu'
);

/** "Form of to be + past participle", leaving out common adjectives ("is worried", "are used to"). */
export function findPassive(text: string): Span[] {
	const out: Span[] = [];
	for (const m of text.matchAll(PASSIVE)) {
		const word = m[1].toLowerCase();
		const participle = IRREGULAR_PARTICIPLES.has(word) || (/^\p{L}{2,}ed$/u.test(word) && word.length > 4);
		if (!participle || NOT_PASSIVE.has(word)) continue;
		// "is used to", "are able to" describe habits and abilities; "are known as" is naming.
		const after = text.slice(m.index + m[0].length, m.index + m[0].length + 6);
		if (/^\s+(?:to|as|that)\b/i.test(after) && /^(?:used|supposed|known|meant|set)$/.test(word)) continue;
		out.push({ start: m.index, end: m.index + m[0].length });
	}
	return out;
}

// --- Rule engine ---------------------------------------------------------------------------------

export type CompiledRule = { rule: DraftRule; re: RegExp; exceptions: RegExp[] };

export function ruleFlags(caseSensitive: boolean): string {
	return caseSensitive ? 'gu' : 'giu';
}

/** Compiles a rule; an invalid pattern or exception gives an error message instead. */
export function compileRule(rule: DraftRule): CompiledRule | { error: string } {
	const flags = ruleFlags(rule.caseSensitive);
	try {
		const re = new RegExp(rule.pattern, flags);
		const exceptions = rule.exceptions.filter((e) => e.trim()).map((e) => new RegExp(e, flags));
		return { rule, re, exceptions };
	} catch (e) {
		return { error: e instanceof Error ? e.message : String(e) };
	}
}

function sentenceAround(sentences: Span[], start: number, end: number, textLength: number): Span {
	let lo = 0;
	let hi = sentences.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		const s = sentences[mid];
		if (s.end <= start) lo = mid + 1;
		else if (s.start > start) hi = mid - 1;
		else return { start: s.start, end: Math.max(s.end, end) };
	}
	return { start: Math.max(0, start - 80), end: Math.min(textLength, end + 80) };
}

function excepted(compiled: CompiledRule, text: string, sentence: Span, start: number, end: number): boolean {
	if (!compiled.exceptions.length) return false;
	const window = text.slice(sentence.start, sentence.end);
	for (const ex of compiled.exceptions) {
		ex.lastIndex = 0;
		for (const m of window.matchAll(ex)) {
			const s = sentence.start + m.index;
			const e = s + m[0].length;
			if (s < end && e > start) return true;
			if (m[0].length === 0) break;
		}
	}
	return false;
}

/** Applies compiled rules to the text. Zero-length matches are ignored. */
export function applyRules(text: string, rules: CompiledRule[], sentences = splitSentences(text)): DraftFinding[] {
	const out: DraftFinding[] = [];
	for (const compiled of rules) {
		const { rule, re } = compiled;
		re.lastIndex = 0;
		let m: RegExpExecArray | null;
		while ((m = re.exec(text))) {
			if (m[0].length === 0) {
				re.lastIndex++;
				continue;
			}
			const start = m.index;
			const end = start + m[0].length;
			if (excepted(compiled, text, sentenceAround(sentences, start, end, text.length), start, end)) continue;
			out.push({
				ruleId: rule.id,
				category: rule.category,
				start,
				end,
				message: rule.message,
				suggestion: rule.suggestion,
				source: rule.source
			});
		}
	}
	return out;
}

/** Sorted by position (then rule), with exact duplicates removed. */
export function sortFindings(findings: DraftFinding[]): DraftFinding[] {
	const seen = new Set<string>();
	return findings
		.filter((f) => {
			const key = `${f.ruleId}:${f.start}:${f.end}`;
			if (seen.has(key)) return false;
			seen.add(key);
			return true;
		})
		.sort((a, b) => a.start - b.start || a.end - b.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

// --- Readability findings ------------------------------------------------------------------------

function isListOrHeading(text: string, span: Span): boolean {
	return /^(?:[-*+•]|\d+[.)]|#{1,6})\s/.test(text.slice(span.start, span.end));
}

export function readabilityFindings(
	text: string,
	sentences: Span[],
	paragraphs: Span[],
	source: FindingSource = READABILITY_SOURCE
): DraftFinding[] {
	const out: DraftFinding[] = [];
	const base = { category: 'readability', source };
	for (const s of sentences) {
		const words = countWords(text, s);
		if (words > MAX_SENTENCE_WORDS) {
			out.push({
				...base,
				ruleId: 'readability.long-sentence',
				start: s.start,
				end: s.end,
				message: `This sentence has ${words} words. NHS guidance is to keep sentences to ${MAX_SENTENCE_WORDS} words or fewer.`,
				suggestion: 'Split it into shorter sentences, or turn a list of things into bullet points.'
			});
		}
	}
	for (const p of paragraphs) {
		if (isListOrHeading(text, p)) continue;
		const count = sentences.filter((s) => s.start >= p.start && s.end <= p.end && countWords(text, s) > 0).length;
		if (count > MAX_PARAGRAPH_SENTENCES) {
			out.push({
				...base,
				ruleId: 'readability.long-paragraph',
				start: p.start,
				end: p.end,
				message: `This paragraph has ${count} sentences. NHS guidance is to keep paragraphs to ${MAX_PARAGRAPH_SENTENCES} sentences or fewer.`,
				suggestion: 'Break it into shorter paragraphs, one idea in each.'
			});
		}
	}
	for (const p of findPassive(text)) {
		out.push({
			...base,
			ruleId: 'readability.passive-voice',
			start: p.start,
			end: p.end,
			message: 'This looks like the passive voice. Active sentences are clearer and say who does what.',
			suggestion: 'Say who does the action, for example "we will send you a letter" not "a letter will be sent".'
		});
	}
	return out;
}

/** Runs every check: readability and the given rules (compile them once with `compileRules`). */
export function checkDraft(
	text: string,
	rules: CompiledRule[],
	options: { readabilitySource?: FindingSource } = {}
): DraftCheckResult {
	const sentences = splitSentences(text);
	const paragraphs = splitParagraphs(text);
	const findings = sortFindings([
		...readabilityFindings(text, sentences, paragraphs, options.readabilitySource),
		...applyRules(text, rules, sentences)
	]);
	return {
		readingAge: readingAge(text, sentences),
		findings,
		stats: { words: countWords(text), sentences: sentences.length, paragraphs: paragraphs.length }
	};
}

/** Compiles rules, skipping (and reporting) any that do not compile rather than failing the whole check. */
export function compileRules(rules: DraftRule[]): { compiled: CompiledRule[]; invalid: string[] } {
	const compiled: CompiledRule[] = [];
	const invalid: string[] = [];
	for (const rule of rules) {
		const c = compileRule(rule);
		if ('error' in c) invalid.push(rule.id);
		else compiled.push(c);
	}
	return { compiled, invalid };
}

/**
 * Quick checks on a rule pattern before it is saved: it must compile and must not match empty text.
 * (The server also runs a timed test against long texts to reject catastrophically slow patterns.)
 */
export function patternProblem(pattern: string, caseSensitive: boolean, sample = ''): string | null {
	if (!pattern.trim()) return 'Enter a pattern';
	let re: RegExp;
	try {
		re = new RegExp(pattern, ruleFlags(caseSensitive));
	} catch (e) {
		const why = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : '';
		return `The pattern is not a valid regular expression (${why}). Check brackets, escapes and quantifiers.`;
	}
	for (const probe of ['', ' ', 'a', sample]) {
		re.lastIndex = 0;
		for (const m of probe.matchAll(re)) {
			if (m[0].length === 0) {
				return 'The pattern can match empty text, so it would flag every position. Make every part of it match at least 1 character.';
			}
		}
	}
	return null;
}
