/**
 * Pure helpers for "Check my text": the text cut into runs for marking findings in place (findings may
 * overlap), a rule's suggestion as a replacement where it is one, and applying it to exactly its span.
 */
import type { DraftFinding } from '$lib/governance/draft-checks';

/** A run of the text: the findings covering it (by number) and the findings that end at its end. */
export type TextRun = { start: number; end: number; text: string; covering: number[]; ending: number[] };

/** Findings in reading order, numbered from 1 (earlier start first, then the longer span). */
export function numberFindings<F extends Pick<DraftFinding, 'start' | 'end'>>(findings: F[]): (F & { n: number })[] {
	return [...findings].sort((a, b) => a.start - b.start || b.end - a.end).map((f, i) => ({ ...f, n: i + 1 }));
}

/** Cuts the text at every finding's start and end, so overlapping findings each cover whole runs. */
export function textRuns(text: string, findings: { n: number; start: number; end: number }[]): TextRun[] {
	const valid = findings.filter((f) => f.start >= 0 && f.end <= text.length && f.start < f.end);
	const cuts = [...new Set([0, text.length, ...valid.flatMap((f) => [f.start, f.end])])].sort((a, b) => a - b);
	const runs: TextRun[] = [];
	for (let i = 0; i < cuts.length - 1; i++) {
		const [start, end] = [cuts[i], cuts[i + 1]];
		runs.push({
			start,
			end,
			text: text.slice(start, end),
			covering: valid.filter((f) => f.start <= start && f.end >= end).map((f) => f.n),
			ending: valid.filter((f) => f.end === end).map((f) => f.n)
		});
	}
	return runs;
}

/** Suggestions that describe what to do rather than give the words to use. */
const ADVICE = /^(for example|use |describe |say |add |a whole number|the numeral|that is, or)/i;

/**
 * The words a finding's suggestion would put in place of its span, or null when the suggestion is advice
 * ("for example 6 August 2026") or the finding is about readability. "adults aged 65 and over (or older
 * people)" gives "adults aged 65 and over"; "vaccine or vaccination" gives "vaccine". A capital at the start
 * of the found words is kept.
 */
export function suggestedReplacement(
	finding: Pick<DraftFinding, 'category' | 'suggestion'>,
	found: string
): string | null {
	if (finding.category === 'readability') return null;
	let s = finding.suggestion.trim().replace(/\s*\(or [^)]*\)$/i, '');
	if (!s || ADVICE.test(s) || /[()]/.test(s)) return null;
	const either = /^([^\s,]+) or [^\s,]+$/i.exec(s);
	if (either) s = either[1];
	if (s.toLowerCase() === found.toLowerCase() && s !== found) return null;
	const capital = /^\p{Lu}/u.test(found) && /^\p{Ll}/u.test(s);
	return capital ? s[0].toUpperCase() + s.slice(1) : s;
}

/**
 * Replaces one finding's span with the replacement; nothing else in the text changes. The other findings
 * move with the text after the span; those overlapping it no longer apply and are dropped.
 */
export function applyToSpan<F extends Pick<DraftFinding, 'start' | 'end'>>(
	text: string,
	findings: F[],
	target: Pick<DraftFinding, 'start' | 'end'>,
	replacement: string
): { text: string; findings: F[] } {
	if (target.start < 0 || target.end > text.length || target.start > target.end)
		throw new RangeError('The finding is outside the text');
	const shift = replacement.length - (target.end - target.start);
	const kept = findings
		.filter((f) => f !== target && (f.end <= target.start || f.start >= target.end))
		.map((f) => (f.start >= target.end ? { ...f, start: f.start + shift, end: f.end + shift } : f));
	return { text: text.slice(0, target.start) + replacement + text.slice(target.end), findings: kept };
}

/** A draft's title from the text: its first line, without Markdown marks, cut at a word boundary. */
export function draftTitle(text: string, max = 80): string {
	const line =
		text
			.split('\n')
			.map((l) => l.replace(/^[#>*\-\s]+/, '').trim())
			.find((l) => l) ?? '';
	if (!line) return 'Checked text';
	if (line.length <= max) return line;
	const cut = line.slice(0, max);
	const space = cut.lastIndexOf(' ');
	return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')}…`;
}
