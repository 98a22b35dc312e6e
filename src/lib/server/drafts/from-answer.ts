/**
 * A draft made from a chat answer: the answer's Markdown with its citation markers taken out (a
 * marker such as [2] means nothing outside the chat) and the guidance it cited listed at the end, so
 * the text reads cleanly and the sources are not lost.
 */
import type { StoredSource } from '$lib/schemas/chat';
import { MAX_TITLE_CHARS } from '$lib/schemas/drafts';

export const UNTITLED_DRAFT = 'Untitled draft';
export const SOURCES_HEADING = 'Sources';

/** [1], [2, 3] — but not a Markdown link's [text](…). */
const MARKER = /[ \t]?\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\](?!\()/g;

export function stripCitationMarkers(text: string): string {
	return text.replace(MARKER, '');
}

/** "Style guide — Times and dates (version 3): https://…" */
function sourceLine(s: StoredSource): string {
	const name = s.fileName ?? [s.documentTitle, s.heading].filter((p) => p?.trim()).join(' — ');
	const version = s.attachmentId ? '' : ` (version ${s.version})`;
	return `- ${name}${version}${s.url ? `: ${s.url}` : ''}`;
}

/** The answer as a draft's Markdown. */
export function answerToMarkdown(content: string, sources: StoredSource[] | null): string {
	const body = stripCitationMarkers(content).trim();
	const cited = (sources ?? []).filter((s, i, all) => all.findIndex((o) => o.n === s.n) === i);
	if (!cited.length) return body;
	return `${body}\n\n## ${SOURCES_HEADING}\n\n${cited.map(sourceLine).join('\n')}`;
}

/** Cuts a title to the limit at a word boundary. */
export function fitTitle(title: string): string {
	const clean = title.replace(/\s+/g, ' ').trim();
	if (clean.length <= MAX_TITLE_CHARS) return clean;
	const cut = clean.slice(0, MAX_TITLE_CHARS - 1);
	const space = cut.lastIndexOf(' ');
	return `${(space > 40 ? cut.slice(0, space) : cut).trim()}…`;
}

/** The answer's first heading, as plain text. */
export function firstHeading(markdown: string): string | null {
	const match = /^#{1,3}[ \t]+(.+)$/m.exec(markdown);
	if (!match) return null;
	const text = stripCitationMarkers(match[1])
		.replace(/[*_`]+/g, '')
		.replace(/\s+#+\s*$/, '')
		.trim();
	return text || null;
}

/** The title: the one asked for, else the answer's first heading, else the chat's title. */
export function answerTitle(requested: string | undefined, content: string, chatTitle: string): string {
	const title = requested ?? firstHeading(content) ?? stripCitationMarkers(chatTitle).trim();
	return fitTitle(title || UNTITLED_DRAFT);
}
