/**
 * People's names, found with high precision: only where the words around a capitalised word say it is a
 * person (a title, "my name is", a letter's sign-off, a transcript's speaker label, or beside an NHS
 * number, date of birth or address), or where a common first name is followed by a surname. Pure and
 * shared by the browser and the server; the word lists live in wordlists/personal-names.json.
 *
 * A span covers the name only, not its title ("Mrs [Person 1]" keeps the meaning a reader needs).
 * A name followed by an institution word ("Sir Ludwig Guttmann Health Centre", "Dr Gray's Hospital") is a
 * place, not a person.
 */
import lists from '../../../wordlists/personal-names.json';

export type Span = { start: number; end: number };

const FIRST_NAMES = new Set(lists.firstNames);
const NOT_NAME = new Set(lists.notNameWords);
const PLACE = new Set(lists.placeWords);
const NOT_AFTER_TITLE = new Set(lists.notAfterTitle);
const SPEAKER_STOP = new Set(lists.speakerLabelStopwords.map((w) => w.toLowerCase()));
const TITLE_NEEDS_FIRST_NAME = new Set(lists.titlesNeedingFirstName);
const TITLE_WORDS = new Set(lists.titles);
/** Word-list entries are plain words: escaped so an edited list cannot change a pattern's meaning. */
const alternatives = (list: string[]) => list.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const ROLE_WORDS = new Set(lists.roleWords.map((w) => w.toLowerCase()));
const ROLE_AFTER = /^[ \t]*(?:,|\(|[–—-][ \t]|\r?\n)[ \t]*([^,.;:()\n]{1,60})/u;
const CLAUSE_BREAK = /[,;:()\n]|[.!?][ \t]/gu;

/** True when a few words name a job ("national clinical director", "Chief Executive"), titles aside. */
function namesARole(clause: string): boolean {
	const ws = clause.match(/[\p{L}-]+/gu) ?? [];
	return ws.some((w) => !TITLE_WORDS.has(w) && ROLE_WORDS.has(w.toLowerCase()));
}

/** One capitalised name word: Smith, McDonald, O'Brien, Smith-Jones, Zoë. */
const WORD = String.raw`\p{Lu}(?:\p{Ll}+(?:['’-]?\p{Lu}\p{Ll}+)*|['’]\p{Lu}\p{Ll}+)`;
const INITIAL = String.raw`\p{Lu}\.?`;
/** Up to four words on one line, initials allowed before the last: "J. R. Smith", "Sarah Jane Smith". */
const SEQ = String.raw`(?:(?:${INITIAL}|${WORD})[ \t]+){0,3}${WORD}`;
const TITLES = alternatives([...lists.titles, ...lists.titles.map((t) => t.toUpperCase())]);

const TITLED = new RegExp(String.raw`(?<![\p{L}])(?:(?:${TITLES})\.?[ \t]+)+(${SEQ})`, 'gu');
const INTRO_ANY = new RegExp(
	String.raw`(?:\b[Mm]y name(?: is|['’]s)|\b[Ss]igned(?: by)?:?|\b(?:(?:[Ff]ull |[Pp]atient(?:['’]s)? |[Ss]ur|[Ff]ore|[Ff]irst )name|Name)[ \t]*:|\b[Nn]amed)[ \t]+(${SEQ})`,
	'gu'
);
const INTRO_FIRST_NAME = new RegExp(
	String.raw`(?:\bI am|\bI['’]m|\b[Tt]his is|\b[Ss]poke (?:to|with)|\b[Cc]alled|\b(?:Dear|Hi|Hello))[ \t]+(${SEQ})`,
	'gu'
);
const SIGN_OFF = new RegExp(
	String.raw`\b(?:[Yy]ours (?:sincerely|faithfully|truly)|(?:[Kk]ind|[Bb]est|[Ww]arm|[Mm]any)? ?[Rr]egards|[Bb]est wishes|[Mm]any thanks|[Ww]ith thanks|[Tt]hank you|[Tt]hanks|[Cc]heers)[,.!]?[ \t]*(?:\r?\n[ \t]*){0,2}(${SEQ})[ \t]*(?=$|[,.\r\n(])`,
	'gmu'
);
const VOICE_TAG = /<v(?:\.[\w.-]+)*[ \t]+([^<>\n]{1,60})>/gu;
/** "Jane Smith:", "[Jane Smith]", "JANE:", "- Jane:", "00:01:02 Jane Smith:", "Jane Smith   0:03" at a line's start. */
const SPEAKER_LINE = new RegExp(
	String.raw`^[ \t]*(?:[-–][ \t]*)?(?:\[?\(?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\)?\]?[ \t]+)?(\[)?((?:${WORD}|\p{Lu}{2,})(?:[ \t]+(?:${INITIAL}|${WORD}|\p{Lu}{2,})){0,2})(?:\]|[ \t]*:[ \t]|[ \t]{2,}\d{1,2}:\d{2}\b)`,
	'gmu'
);
const TRANSCRIPT_HINT = /^WEBVTT|-->|^\s*\d{1,2}:\d{2}(?::\d{2})?\b/mu;
const ANCHOR_CUE = String.raw`(?:(?:NHS|nhs)(?:[ \t]+(?:number|no\.?|num))?|DOB|D\.O\.B\.?|[Dd]ate of birth|born(?:[ \t]+on)?|b\.|NI(?:[ \t]+number)?|NINO|MRN|[Hh]ospital(?:[ \t]+number)?|[Pp]ostcode)?`;
const BEFORE_ANCHOR = new RegExp(
	String.raw`(${SEQ})(?:[ \t]*[,;:(–-][ \t]*|[ \t]+)${ANCHOR_CUE}[ \t]*[:#]?[ \t]*\(?[ \t]*$`,
	'u'
);
const STREET = alternatives(lists.streetWords);
const BEFORE_ADDRESS = new RegExp(
	String.raw`(${SEQ})[ \t]*(?:,|\r?\n)[ \t]*(?:Flat[ \t]+\d+[A-Za-z]?,?[ \t]+)?\d{1,4}[A-Za-z]?,?[ \t]+(?:${WORD}[ \t]+){1,3}(?:${STREET})\b`,
	'gu'
);
const ANY_WORD = new RegExp(String.raw`(?<![\p{L}.'’-])${WORD}`, 'gu');
const FIRST_LAST = new RegExp(String.raw`${WORD}(?:[ \t]+(?:${INITIAL}|${WORD})){0,2}[ \t]+${WORD}`, 'uy');
const LIST_LINE = new RegExp(String.raw`^[ \t]*(?:${alternatives(lists.listLabels)})[ \t]*:[ \t]*(.+)$`, 'gmu');
const LIST_ITEM = new RegExp(String.raw`[^,;]+`, 'gu');
const WHOLE_NAME = new RegExp(String.raw`^[ \t]*(?:and[ \t]+)?(${SEQ})[ \t]*(?:\([^()]*\))?[ \t]*\.?$`, 'u');
const WORDS = new RegExp(String.raw`${INITIAL}(?=[ \t]|$)|${WORD}`, 'gu');

type Word = { text: string; start: number; end: number };

function words(text: string, offset: number): Word[] {
	return [...text.matchAll(WORDS)].map((m) => ({
		text: m[0],
		start: offset + m.index,
		end: offset + m.index + m[0].length
	}));
}

const isInitial = (w: Word) => /^\p{Lu}\.?$/u.test(w.text);
const clean = (w: string) => w.replace(/['’]s$/u, '');

/** True when the text after a name continues with an institution word ("'s Hospital", " Health Centre"). */
function placeFollows(text: string, end: number): boolean {
	const next = /^(?:['’]s)?[ \t]+(\p{Lu}\p{Ll}+)/u.exec(text.slice(end, end + 40));
	return !!next && PLACE.has(next[1]);
}

/**
 * Trims words that are not part of a name from the ends of a candidate; null when what is left is not a
 * name (a place, a team, a stop word), when `firstName` is asked for and it does not start with a known
 * first name, or when it has fewer than `minWords` words.
 */
function nameSpan(text: string, list: Word[], opts: { firstName?: boolean; minWords?: number } = {}): Span | null {
	let ws = list;
	while (ws.length && (NOT_NAME.has(ws[0].text) || TITLE_WORDS.has(ws[0].text.replace(/\.$/, '')))) ws = ws.slice(1);
	const cut = ws.findIndex((w) => NOT_NAME.has(clean(w.text)) || PLACE.has(clean(w.text)));
	if (cut !== -1) {
		if (PLACE.has(clean(ws[cut].text))) return null;
		ws = ws.slice(0, cut);
	}
	while (ws.length && isInitial(ws[ws.length - 1])) ws = ws.slice(0, -1);
	if (!ws.length) return null;
	if (opts.firstName && !FIRST_NAMES.has(ws[0].text)) return null;
	if (ws.length < (opts.minWords ?? 1)) return null;
	const end = ws[ws.length - 1].end;
	if (placeFollows(text, end)) return null;
	return { start: ws[0].start, end };
}

function titled(text: string, out: Span[]): void {
	for (const m of text.matchAll(TITLED)) {
		const offset = m.index + m[0].length - m[1].length;
		const ws = words(m[1], offset);
		if (!ws.length || NOT_AFTER_TITLE.has(ws[0].text)) continue;
		const title = /(\p{L}+)\.?[ \t]+$/u.exec(m[0].slice(0, m[0].length - m[1].length))?.[1] ?? '';
		const span = nameSpan(text, ws, { firstName: TITLE_NEEDS_FIRST_NAME.has(title) });
		if (span) out.push(span);
	}
}

function introduced(text: string, out: Span[]): void {
	for (const [re, firstName] of [
		[INTRO_ANY, false],
		[INTRO_FIRST_NAME, true],
		[SIGN_OFF, false]
	] as const) {
		for (const m of text.matchAll(re)) {
			const offset = m.index + m[0].lastIndexOf(m[1]);
			const span = nameSpan(text, words(m[1], offset), { firstName });
			if (span) out.push(span);
		}
	}
}

/** "Present: Linda Moss, Paul Ryder and Asha Verma" in minutes: each item that is wholly a name. */
function listed(text: string, out: Span[]): void {
	for (const line of text.matchAll(LIST_LINE)) {
		const lineOffset = line.index + line[0].length - line[1].length;
		for (const item of line[1].matchAll(LIST_ITEM)) {
			for (const part of item[0].split(/(?= and )/u)) {
				const m = WHOLE_NAME.exec(part);
				if (!m) continue;
				const at = lineOffset + item.index + item[0].indexOf(part) + m.index + m[0].indexOf(m[1]);
				const ws = words(m[1], at);
				const span = nameSpan(text, ws, { minWords: ws.length > 1 ? 2 : 1, firstName: ws.length === 1 });
				if (span) out.push(span);
			}
		}
	}
}

function speakerLabelName(label: string): boolean {
	const ws = label.split(/[ \t]+/);
	if (ws.some((w) => SPEAKER_STOP.has(w.toLowerCase()) || NOT_NAME.has(w) || /\d/.test(w))) return false;
	const first = ws[0][0] + ws[0].slice(1).toLowerCase();
	return FIRST_NAMES.has(first) || ws.length >= 2;
}

function speakers(text: string, out: Span[]): void {
	for (const m of text.matchAll(VOICE_TAG)) {
		const label = m[1].trim();
		if (!/^[\p{L}'’. -]+$/u.test(label) || SPEAKER_STOP.has(label.split(/\s+/)[0].toLowerCase())) continue;
		const start = m.index + m[0].indexOf(label, 2);
		out.push({ start, end: start + label.length });
	}
	const lines = [...text.matchAll(SPEAKER_LINE)];
	const counts = new Map<string, number>();
	for (const m of lines) counts.set(m[2], (counts.get(m[2]) ?? 0) + 1);
	if (!TRANSCRIPT_HINT.test(text) && lines.length < 2) return;
	for (const m of lines) {
		const label = m[2];
		const known = speakerLabelName(label);
		const repeated =
			(counts.get(label) ?? 0) >= 2 &&
			label.split(/[ \t]+/).every((w) => !SPEAKER_STOP.has(w.toLowerCase()) && !NOT_NAME.has(w));
		if (!known && !repeated) continue;
		const start = m.index + m[0].indexOf(label, m[1] ? m[0].indexOf('[') + 1 : 0);
		out.push({ start, end: start + label.length });
	}
}

/** Names just before an NHS number, date of birth or other identifier, and before a street address. */
function besideIdentifiers(text: string, anchors: Span[], out: Span[]): void {
	for (const a of anchors) {
		const window = text.slice(Math.max(0, a.start - 80), a.start);
		const from = a.start - window.length + window.lastIndexOf('\n') + 1;
		const m = BEFORE_ANCHOR.exec(text.slice(from, a.start));
		if (!m) continue;
		const span = nameSpan(text, words(m[1], from + m.index));
		if (!span) continue;
		const name = text.slice(span.start, span.end);
		// One word beside an identifier must be a known first name ("Usman (NHS …)"), not any capitalised word.
		if (words(name, 0).length >= 2 || FIRST_NAMES.has(name)) out.push(span);
	}
	for (const m of text.matchAll(BEFORE_ADDRESS)) {
		const span = nameSpan(text, words(m[1], m.index), { minWords: 2 });
		if (span) out.push(span);
	}
}

function firstAndLast(text: string, out: Span[]): void {
	for (const w of text.matchAll(ANY_WORD)) {
		if (!FIRST_NAMES.has(w[0])) continue;
		FIRST_LAST.lastIndex = w.index;
		const m = FIRST_LAST.exec(text);
		if (!m) continue;
		const span = nameSpan(text, words(m[0], m.index), { firstName: true, minWords: 2 });
		if (span) out.push(span);
	}
}

/**
 * True when a name comes with a job title: "Dr Asha Patel, Medical Director", "Chief Executive Jane
 * Smith", "Jane Smith\nHead of Communications". Staff speaking for the organisation, not the public.
 */
export function givenWithRole(text: string, span: Span): boolean {
	const after = ROLE_AFTER.exec(text.slice(span.end, span.end + 80));
	if (after && namesARole(after[1])) return true;
	const window = text.slice(Math.max(0, span.start - 70), span.start);
	const before = window.slice(window.lastIndexOf('\n') + 1);
	let clauseStart = 0;
	for (const m of before.matchAll(CLAUSE_BREAK)) clauseStart = m.index + m[0].length;
	// The last few words before the name ("… said Chief Executive"), not a whole sentence.
	const lastWords = before
		.slice(clauseStart)
		.trim()
		.split(/[ \t]+/)
		.slice(-4)
		.filter((w) => /^[\p{L}-]+$/u.test(w))
		.join(' ');
	return !/\bsaid\b/iu.test(lastWords) && namesARole(lastWords);
}

/**
 * Candidate name spans in `text` (they may overlap; the caller resolves overlaps). Unless `allNames`,
 * names given with a job title are left out (see givenWithRole).
 */
export function findNameSpans(text: string, anchors: Span[] = [], allNames = false): Span[] {
	const out = findAllNameSpans(text, anchors);
	return allNames ? out : out.filter((s) => !givenWithRole(text, s));
}

function findAllNameSpans(text: string, anchors: Span[]): Span[] {
	const out: Span[] = [];
	titled(text, out);
	introduced(text, out);
	speakers(text, out);
	listed(text, out);
	besideIdentifiers(text, anchors, out);
	firstAndLast(text, out);
	return out;
}
