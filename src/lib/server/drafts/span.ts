/**
 * Spans of a draft's Markdown, as UTF-16 offsets [start, end) (what JavaScript strings and the
 * browser's editor count). Replacing one changes nothing outside it.
 */

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Why the span cannot be used, or null when it can. */
export function spanProblem(content: string, start: number, end: number): string | null {
	if (end > content.length) {
		return `The selection (characters ${start} to ${end}) is outside the draft, which has ${content.length} characters. Select the text again.`;
	}
	// An offset between the two halves of an emoji or other astral character would split it.
	const splits = (i: number) =>
		i > 0 && i < content.length && isHigh(content.charCodeAt(i - 1)) && isLow(content.charCodeAt(i));
	if (splits(start) || splits(end))
		return 'The selection starts or ends in the middle of a character. Select the text again.';
	if (!content.slice(start, end).trim()) return 'The selection is only spaces. Select some words to change.';
	return null;
}

/** The content with [start, end) replaced: the text before and after is copied untouched. */
export function replaceSpan(content: string, start: number, end: number, replacement: string): string {
	return content.slice(0, start) + replacement + content.slice(end);
}

export const SPAN_OPEN = '⟦EDIT⟧';
export const SPAN_CLOSE = '⟦/EDIT⟧';

/** The whole draft with the passage to change marked, for the model. */
export function markSpan(content: string, start: number, end: number): string {
	return `${content.slice(0, start)}${SPAN_OPEN}${content.slice(start, end)}${SPAN_CLOSE}${content.slice(end)}`;
}

const FENCE = /^\s*```[a-zA-Z]*\s*\n([\s\S]*?)\n?\s*```\s*$/;
const QUOTES: [string, string][] = [
	['"', '"'],
	['“', '”'],
	["'", "'"],
	['‘', '’']
];

/**
 * What the model wrote, as the replacement: without a wrapping code fence, wrapping quotation marks
 * (unless the passage itself was quoted), our span markers or a "Here is…" preamble line, and with
 * the passage's own leading and trailing whitespace kept so the text around it joins as before.
 */
export function cleanReplacement(raw: string, original: string): string {
	let text = raw.replace(/\r\n/g, '\n').trim();
	const fenced = FENCE.exec(text);
	if (fenced) text = fenced[1].trim();
	text = text.split(SPAN_OPEN).join('').split(SPAN_CLOSE).join('').trim();
	if (/^(here is|here's|sure[,!.])[^\n]*:\s*\n/i.test(text)) text = text.replace(/^[^\n]*\n/, '').trim();
	const core = original.trim();
	for (const [open, close] of QUOTES) {
		const quotedOriginal = core.startsWith(open) && core.endsWith(close);
		if (!quotedOriginal && text.length > 1 && text.startsWith(open) && text.endsWith(close)) {
			const inner = text.slice(open.length, -close.length);
			// "Book now," she said, "today" is a quotation inside the passage, not a wrapper.
			if (!inner.includes(open) && !inner.includes(close)) text = inner.trim();
		}
	}
	const lead = /^\s*/.exec(original)?.[0] ?? '';
	const trail = /\s*$/.exec(original)?.[0] ?? '';
	return `${lead}${text}${trail}`;
}
