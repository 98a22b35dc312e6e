/**
 * The personal-data guard's rules: finds NHS numbers, UK phone numbers, email addresses, UK postcodes,
 * National Insurance numbers, dates of birth and hospital numbers in text. Pure TypeScript with no
 * server imports, so the browser (as a person types) and the server (before text reaches a model)
 * apply exactly the same rules.
 *
 * Offsets are UTF-16 code units (JavaScript string indices), `end` exclusive. Findings never overlap:
 * when two candidates overlap, the more specific kind wins (see KIND_PRIORITY), then the earlier, then
 * the longer one. Adjacent findings (one ends where the next starts) are both kept.
 *
 * Decisions worth knowing:
 * - NHS numbers: 10 digits, written together or as 3-3-4 with spaces or hyphens (the same separator
 *   both times; one or two spaces), that pass the Modulus 11 check digit. Numbers of one repeated digit are ignored.
 * - Phones: UK numbers starting 01, 02, 03, 07 or 080/084/087, or +44/0044 instead of the 0, with
 *   spaces, hyphens, dots or brackets around the area code. The digit count must fit the prefix. A number
 *   introduced as a reference, invoice, order, case, claim, ticket or account number is not a phone.
 * - Dates of birth: a valid past date (1900 or later) in a common format, flagged only when the words
 *   around it say it is a birth date (born, birth, DOB, b., birthday, aged/age N). Other dates, such as
 *   appointment or publication dates, are not personal data on their own.
 * - Postcodes and NI numbers must be all upper case or all lower case, so ordinary mixed-case words
 *   are not mistaken for them. An NI number without its final letter needs "NI", "NINO" or "National
 *   Insurance" just before it.
 * - Hospital numbers use the organisation's regular expression (an admin setting); an invalid pattern
 *   switches that check off rather than breaking the others.
 * - People's names (names.ts): found only where the context says it is a person; the span is the name
 *   without its title. Team and role mailboxes, and switchboard or press-office landlines in a press
 *   release's media-contact section, are not personal data (not-personal.ts). A phone's extension
 *   ("ext. 123") is part of it.
 */

import { findNameSpans } from './names';
import { isMediaContactNumber, isRoleMailbox } from './not-personal';
import { PeopleIndex } from './people';

export const PERSONAL_DATA_KINDS = [
	'nhs_number',
	'phone',
	'email',
	'postcode',
	'ni_number',
	'date_of_birth',
	'hospital_number',
	'name'
] as const;

export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

export type PersonalDataFinding = { kind: PersonalDataKind; start: number; end: number };

export type PersonalDataOptions = {
	/** A regular expression source for hospital (MRN) numbers; empty or invalid switches the check off. */
	hospitalNumberPattern?: string | null;
	/** "Today", for deciding whether a date is in the past (tests pass a fixed day). */
	now?: Date;
	/**
	 * Find staff names given with a job title too ("Dr Asha Patel, Medical Director"). The guard leaves
	 * them (the acceptable-use policy allows them); redaction before analysis passes true.
	 */
	allNames?: boolean;
};

/** What replaces each kind in the text ("[NHS number]"). */
export const PLACEHOLDERS: Record<PersonalDataKind, string> = {
	nhs_number: '[NHS number]',
	phone: '[phone number]',
	email: '[email]',
	postcode: '[postcode]',
	ni_number: '[NI number]',
	date_of_birth: '[date of birth]',
	hospital_number: '[hospital number]',
	name: '[Person]'
};

/** How each kind is named to a person ("an NHS number"). */
export const KIND_LABELS: Record<PersonalDataKind, string> = {
	nhs_number: 'NHS number',
	phone: 'Phone number',
	email: 'Email address',
	postcode: 'Postcode',
	ni_number: 'National Insurance number',
	date_of_birth: 'Date of birth',
	hospital_number: 'Hospital number',
	name: "Person's name"
};

/** Lower wins when two candidates overlap: the more specific rule is the better explanation. */
const KIND_PRIORITY: Record<PersonalDataKind, number> = {
	email: 0,
	nhs_number: 1,
	ni_number: 2,
	date_of_birth: 3,
	phone: 4,
	postcode: 5,
	hospital_number: 6,
	name: 7
};

/** Longest hospital-number pattern an admin may set. */
export const MAX_HOSPITAL_PATTERN_CHARS = 200;

// ---------------------------------------------------------------- NHS numbers

const NHS_CANDIDATE = /(?<![\w+/.-])(\d{3})( {1,2}|-|)(\d{3})\2(\d{4})(?![\w/]|[.-]\d)/g;

/** True when ten digits pass the NHS number Modulus 11 check. */
export function isValidNhsNumber(value: string): boolean {
	const digits = value.replace(/[\s-]/g, '');
	if (!/^\d{10}$/.test(digits)) return false;
	if (/^(\d)\1{9}$/.test(digits)) return false;
	let sum = 0;
	for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
	const check = 11 - (sum % 11);
	if (check === 10) return false;
	return (check === 11 ? 0 : check) === Number(digits[9]);
}

function findNhsNumbers(text: string, out: PersonalDataFinding[]): void {
	for (const m of text.matchAll(NHS_CANDIDATE)) {
		if (isValidNhsNumber(m[1] + m[3] + m[4]))
			out.push({ kind: 'nhs_number', start: m.index, end: m.index + m[0].length });
	}
}

// ---------------------------------------------------------------- phones

const PHONE_CANDIDATE =
	/(?<![\w/.+-])(?:(?:\+44|00 ?44)[ -]?(?:\(0\)[ -]?)?\(?\d{1,5}\)?|\(0\d{1,4}\)|0\d{1,4})(?:[ .-]?\d{2,6}){0,3}(?![\w/]|\.\d)/g;

const REFERENCE_BEFORE =
	/\b(?:ref(?:erence)?|invoice|order|case|claim|ticket|account|acct|policy|serial|batch|lot|booking|job|po|tracking|transaction|membership|licen[cs]e|registration|certificate|meeting|conference|passcode|pin)\.?\s*(?:no\.?|number|num|#|id|code)?\s*[:#-]?\s*$/i;

/** "ext. 123", "x1234", "(extension 22)" straight after a number belongs to it. */
const EXTENSION =
	/^[ \t]*(?:\([ \t]*(?:ext(?:ension)?\.?|x)[ \t]*:?[ \t]*\d{1,6}[ \t]*\)|,?[ \t]*(?:ext(?:ension)?\.?|x)[ \t]*:?[ \t]*\d{1,6})(?![\w])/i;

/** Digit count allowed for each national prefix (with the leading 0). */
function validNationalNumber(digits: string): boolean {
	if (!digits.startsWith('0')) return false;
	const n = digits.length;
	if (/^01/.test(digits)) return n === 10 || n === 11;
	if (/^0[237]/.test(digits)) return n === 11;
	if (/^080/.test(digits)) return n === 10 || n === 11;
	if (/^08[47]/.test(digits)) return n === 11;
	return false;
}

function findPhones(text: string, out: PersonalDataFinding[]): void {
	for (const m of text.matchAll(PHONE_CANDIDATE)) {
		const raw = m[0];
		// Try the longest run of digit groups first, then fewer (a following unrelated number may be glued on).
		const pieces = [...raw.matchAll(/\d+/g)];
		const international = /^(?:\+44|00 ?44)/.test(raw);
		for (let k = pieces.length; k >= 1; k--) {
			const last = pieces[k - 1];
			let end = last.index + last[0].length;
			let digits = pieces
				.slice(0, k)
				.map((p) => p[0])
				.join('');
			if (international) {
				digits = digits.replace(/^(?:44|0044)/, '');
				if (!digits.startsWith('0')) digits = '0' + digits;
			}
			if (!validNationalNumber(digits)) continue;
			// A closing bracket right after the area code belongs to the number.
			if (raw[end] === ')' && k === 1) end += 1;
			const start = m.index;
			if (REFERENCE_BEFORE.test(text.slice(Math.max(0, start - 40), start))) break;
			if (isMediaContactNumber(text, start, digits)) break;
			end += EXTENSION.exec(text.slice(start + end, start + end + 24))?.[0].length ?? 0;
			out.push({ kind: 'phone', start, end: start + end });
			break;
		}
	}
}

// ---------------------------------------------------------------- email

const EMAIL =
	/(?<![\w.%+'-])[A-Za-z0-9](?:[A-Za-z0-9._%+'-]{0,63})@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-]|\.[A-Za-z0-9])/g;

function findEmails(text: string, out: PersonalDataFinding[]): void {
	for (const m of text.matchAll(EMAIL)) {
		if (!isRoleMailbox(m[0])) out.push({ kind: 'email', start: m.index, end: m.index + m[0].length });
	}
}

// ---------------------------------------------------------------- postcodes

const POSTCODE = /(?<![\w-])(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})(?![\w-])/gi;

function oneCase(value: string): boolean {
	return value === value.toUpperCase() || value === value.toLowerCase();
}

function findPostcodes(text: string, out: PersonalDataFinding[]): void {
	for (const m of text.matchAll(POSTCODE)) {
		if (oneCase(m[0])) out.push({ kind: 'postcode', start: m.index, end: m.index + m[0].length });
	}
}

// ---------------------------------------------------------------- National Insurance numbers

const NI_NUMBER =
	/(?<![\w-])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2}(?: ?([A-D]))?(?![\w-])/gi;
const NI_CONTEXT = /\b(?:NI|NINO|national insurance)\b(?:\s*(?:no\.?|number))?\s*[:#-]?\s*$/i;

function findNiNumbers(text: string, out: PersonalDataFinding[]): void {
	for (const m of text.matchAll(NI_NUMBER)) {
		if (!oneCase(m[0])) continue;
		if (!m[1] && !NI_CONTEXT.test(text.slice(Math.max(0, m.index - 40), m.index))) continue;
		out.push({ kind: 'ni_number', start: m.index, end: m.index + m[0].length });
	}
}

// ---------------------------------------------------------------- dates of birth

const MONTHS =
	'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const MONTH_NUMBER: Record<string, number> = {
	jan: 1,
	feb: 2,
	mar: 3,
	apr: 4,
	may: 5,
	jun: 6,
	jul: 7,
	aug: 8,
	sep: 9,
	oct: 10,
	nov: 11,
	dec: 12
};

const DATE_NUMERIC = /(?<![\w/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\w/]|[.-]\d)/g;
const DATE_ISO = /(?<![\w/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w/]|-\d)/g;
const DATE_DAY_MONTH = new RegExp(
	`(?<![\\w])(\\d{1,2})(?:st|nd|rd|th)?(?: of)?[ ]+(${MONTHS})\\.?,?[ ]+(\\d{4})(?![\\w])`,
	'gi'
);
const DATE_MONTH_DAY = new RegExp(
	`(?<![\\w])(${MONTHS})\\.?[ ]+(\\d{1,2})(?:st|nd|rd|th)?,?[ ]+(\\d{4})(?![\\w])`,
	'gi'
);

const BIRTH_BEFORE = /(?:\bborn\b|\bbirth|\bbirthday\b|\bd\.?o\.?b\b\.?|\bb\.|\baged?\b)[^\d]*$/i;
const BIRTH_AFTER = /^[\s,;:)(-]*(?:\(?\s*(?:d\.?o\.?b\b|date of birth|born\b|birthday\b)|\(?aged?\s+\d{1,3}\b)/i;

function plausibleDate(day: number, month: number, year: number, now: Date): boolean {
	if (month < 1 || month > 12 || day < 1) return false;
	const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
	if (day > daysInMonth) return false;
	if (year < 1900) return false;
	return Date.UTC(year, month - 1, day) <= now.getTime();
}

function fullYear(value: string, now: Date): number {
	if (value.length === 4) return Number(value);
	const yy = Number(value);
	const century = now.getUTCFullYear() % 100;
	return yy <= century ? 2000 + yy : 1900 + yy;
}

function birthContext(text: string, start: number, end: number): boolean {
	// Only the words since the last digit count, so "DOB 1/2/1980, seen 3/4/2024" flags only the first date.
	const before = text.slice(Math.max(0, start - 40), start);
	const lastDigit = before.search(/\d[^\d]*$/);
	const window = lastDigit === -1 ? before : before.slice(lastDigit + 1);
	if (BIRTH_BEFORE.test(window)) return true;
	return BIRTH_AFTER.test(text.slice(end, end + 30));
}

function findDatesOfBirth(text: string, out: PersonalDataFinding[], now: Date): void {
	const push = (start: number, end: number, day: number, month: number, year: number) => {
		if (plausibleDate(day, month, year, now) && birthContext(text, start, end)) {
			out.push({ kind: 'date_of_birth', start, end });
		}
	};
	for (const m of text.matchAll(DATE_NUMERIC)) {
		push(m.index, m.index + m[0].length, Number(m[1]), Number(m[3]), fullYear(m[4], now));
	}
	for (const m of text.matchAll(DATE_ISO)) {
		push(m.index, m.index + m[0].length, Number(m[3]), Number(m[2]), Number(m[1]));
	}
	for (const m of text.matchAll(DATE_DAY_MONTH)) {
		push(m.index, m.index + m[0].length, Number(m[1]), MONTH_NUMBER[m[2].slice(0, 3).toLowerCase()], Number(m[3]));
	}
	for (const m of text.matchAll(DATE_MONTH_DAY)) {
		push(m.index, m.index + m[0].length, Number(m[2]), MONTH_NUMBER[m[1].slice(0, 3).toLowerCase()], Number(m[3]));
	}
}

// ---------------------------------------------------------------- hospital numbers

const compiled = new Map<string, RegExp | null>();

/** A problem with a hospital-number pattern a person can act on, or null when it is usable. */
export function hospitalNumberPatternError(source: string): string | null {
	if (source.length > MAX_HOSPITAL_PATTERN_CHARS) {
		return `The pattern must be ${MAX_HOSPITAL_PATTERN_CHARS} characters or fewer`;
	}
	if (!source.trim()) return null;
	let re: RegExp;
	try {
		re = new RegExp(source, 'g');
	} catch (e) {
		const detail = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : '';
		return `The pattern is not a valid regular expression${detail ? ` (${detail})` : ''}`;
	}
	if (re.test(''))
		return 'The pattern matches empty text. Make it match at least one character, for example \\b[A-Z]{1,3}\\d{6,8}\\b';
	return null;
}

function hospitalRegExp(source: string | null | undefined): RegExp | null {
	if (!source?.trim()) return null;
	if (!compiled.has(source)) {
		compiled.set(source, hospitalNumberPatternError(source) ? null : new RegExp(source, 'g'));
		if (compiled.size > 20) compiled.delete(compiled.keys().next().value as string);
	}
	return compiled.get(source) ?? null;
}

function findHospitalNumbers(text: string, out: PersonalDataFinding[], source: string | null | undefined): void {
	const re = hospitalRegExp(source);
	if (!re) return;
	for (const m of text.matchAll(re)) {
		if (m[0].length) out.push({ kind: 'hospital_number', start: m.index, end: m.index + m[0].length });
	}
}

// ---------------------------------------------------------------- putting it together

/** Keeps the most specific of overlapping candidates; the result is sorted by position. */
export function resolveOverlaps(candidates: PersonalDataFinding[]): PersonalDataFinding[] {
	const ordered = [...candidates].sort(
		(a, b) => KIND_PRIORITY[a.kind] - KIND_PRIORITY[b.kind] || a.start - b.start || b.end - b.start - (a.end - a.start)
	);
	// Kept findings never overlap, so sorted by start they are sorted by end too: a binary search finds
	// the only two neighbours a candidate could overlap (thousands of names in a transcript stay fast).
	const kept: PersonalDataFinding[] = [];
	for (const c of ordered) {
		if (c.end <= c.start) continue;
		let lo = 0;
		let hi = kept.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (kept[mid].start < c.start) lo = mid + 1;
			else hi = mid;
		}
		if (lo > 0 && kept[lo - 1].end > c.start) continue;
		if (lo < kept.length && kept[lo].start < c.end) continue;
		kept.splice(lo, 0, c);
	}
	return kept;
}

/** Finds personal data in `text`: non-overlapping findings in order of position. */
export function findPersonalData(text: string, options: PersonalDataOptions = {}): PersonalDataFinding[] {
	if (!text) return [];
	const now = options.now ?? new Date();
	const candidates: PersonalDataFinding[] = [];
	findEmails(text, candidates);
	findNhsNumbers(text, candidates);
	findNiNumbers(text, candidates);
	findDatesOfBirth(text, candidates, now);
	findPhones(text, candidates);
	findPostcodes(text, candidates);
	findHospitalNumbers(text, candidates, options.hospitalNumberPattern);
	const anchors = candidates.filter((c) => c.kind !== 'email' && c.kind !== 'phone');
	for (const span of findNameSpans(text, anchors, options.allNames)) candidates.push({ kind: 'name', ...span });
	return resolveOverlaps(candidates);
}

/**
 * The text with each finding replaced by its placeholder ("[NHS number]"); names become "[Person 1]",
 * "[Person 2]", the same name the same number (pass `people` to keep numbers across several texts).
 * Overlaps are ignored.
 */
export function replaceWithPlaceholders(
	text: string,
	findings: PersonalDataFinding[],
	people: PeopleIndex = new PeopleIndex()
): string {
	let out = '';
	let at = 0;
	for (const f of [...findings].sort((a, b) => a.start - b.start)) {
		if (f.start < at || f.end > text.length || f.end <= f.start) continue;
		const placeholder = f.kind === 'name' ? people.placeholderFor(text.slice(f.start, f.end)) : PLACEHOLDERS[f.kind];
		out += text.slice(at, f.start) + placeholder;
		at = f.end;
	}
	return out + text.slice(at);
}

/** How many of each kind were found (kinds not found are absent). */
export function countByKind(findings: PersonalDataFinding[]): Partial<Record<PersonalDataKind, number>> {
	const counts: Partial<Record<PersonalDataKind, number>> = {};
	for (const f of findings) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
	return counts;
}

const COUNT_NOUNS: Record<PersonalDataKind, [string, string]> = {
	nhs_number: ['NHS number', 'NHS numbers'],
	phone: ['phone number', 'phone numbers'],
	email: ['email address', 'email addresses'],
	postcode: ['postcode', 'postcodes'],
	ni_number: ['National Insurance number', 'National Insurance numbers'],
	date_of_birth: ['date of birth', 'dates of birth'],
	hospital_number: ['hospital number', 'hospital numbers'],
	name: ["person's name", "people's names"]
};

/** "2 NHS numbers and 1 email address" style summary, in a stable kind order. */
export function describeCounts(counts: Partial<Record<PersonalDataKind, number>>): string {
	const parts = PERSONAL_DATA_KINDS.filter((k) => counts[k]).map((k) => {
		const n = counts[k] ?? 0;
		return `${n} ${COUNT_NOUNS[k][n === 1 ? 0 : 1]}`;
	});
	if (parts.length <= 1) return parts.join('');
	return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
