/**
 * Tidying chat titles, whether the model wrote them or they are the first words of the question: no citation
 * markers, no Markdown decoration, and a cut at a word boundary with an ellipsis when something was left off.
 */

/** Longest title taken from the first message. */
export const FALLBACK_TITLE_CHARS = 60;
/** Most words taken from the first message. */
export const FALLBACK_TITLE_WORDS = 8;
/** Longest title the model may give. */
export const MODEL_TITLE_CHARS = 80;

const ELLIPSIS = '…';

/** Markers such as [1], [1, 3], [2-4] or [^1] (not a Markdown link), and 【1†source】 as some models write them. */
const CITATION_MARKERS = [/\[\^?\d{1,3}(?:\s*[,;–-]\s*\^?\d{1,3})*\](?!\()/g, /【[^】]{0,40}】/g];

/** Removes citation markers, leaving the words around them and no doubled spaces. */
export function stripCitationMarkers(text: string): string {
	let out = text;
	for (const marker of CITATION_MARKERS) out = out.replace(marker, ' ');
	return out
		.replace(/\s+/g, ' ')
		.replace(/\s+([.,;:!?])/g, '$1')
		.replace(/[,;:]+(?=[.,;:!?]|$)/g, '')
		.trim();
}

/** Text of at most `max` characters, cut after a whole word and ending in an ellipsis when anything was cut. */
export function cutAtWord(text: string, max: number): string {
	const whole = text.trim();
	if (whole.length <= max) return whole;
	const room = whole.slice(0, Math.max(1, max - ELLIPSIS.length));
	// The cut lands inside a word unless the next character is a space: go back to the last space.
	const atBoundary = /\s/.test(whole[room.length] ?? ' ');
	const lastSpace = room.search(/\s\S*$/);
	const kept = atBoundary || lastSpace <= 0 ? room : room.slice(0, lastSpace);
	return `${kept.replace(/[\s.,;:!?—–-]+$/, '')}${ELLIPSIS}`;
}

/** One clean line: no markers, Markdown emphasis or heading marks, no surrounding quotes. */
function tidyLine(raw: string): string {
	return stripCitationMarkers(raw.replace(/[*_`#]+/g, ' '))
		.replace(/^["'“‘\s]+|["'”’\s]+$/g, '')
		.trim();
}

/** The first words of the question, for when the model cannot name the chat. */
export function fallbackTitle(content: string): string {
	const clean = tidyLine(content) || content.replace(/\s+/g, ' ').trim();
	const words = clean.split(' ');
	const firstWords = words.slice(0, FALLBACK_TITLE_WORDS).join(' ');
	const title = cutAtWord(firstWords, FALLBACK_TITLE_CHARS);
	if (words.length > FALLBACK_TITLE_WORDS && !title.endsWith(ELLIPSIS)) {
		return `${title.replace(/[\s.,;:!?—–-]+$/, '')}${ELLIPSIS}`;
	}
	return title;
}

/** The model's title: its first line, without a "Title:" prefix, quotes, markers or a closing full stop. */
export function tidyModelTitle(raw: string): string {
	const line = raw.trim().split(/\r?\n/)[0] ?? '';
	const tidy = tidyLine(line.replace(/^\s*title:\s*/i, '')).replace(/[.!]+$/, '');
	return cutAtWord(tidy, MODEL_TITLE_CHARS);
}
