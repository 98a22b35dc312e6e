import { clampHeadingLevel, normaliseWhitespace, type Block } from '../types';

/** One line of text as laid out on a page: baseline y (PDF units, growing upwards) and font size. */
export interface PdfLine {
	text: string;
	y: number;
	fontSize: number;
}

interface Paragraph {
	lines: PdfLine[];
	fontSize: number;
}

/**
 * Rebuilds paragraphs and headings from positioned lines. PDFs have no paragraphs, only glyphs at
 * coordinates, so we infer: a bigger vertical gap than usual starts a paragraph, a clearly larger font
 * on a short paragraph marks a heading. Repeated running headers/footers and bare page numbers are dropped.
 */
export function layoutPages(pages: PdfLine[][]): Block[] {
	const kept = dropRunningLines(pages);
	const allLines = kept.flat();
	if (allLines.length === 0) return [];
	const bodySize = mostCommonSize(allLines);
	const typicalGap = typicalLineGap(kept, bodySize);

	const paragraphs: Paragraph[] = [];
	for (const lines of kept) {
		let current: Paragraph | null = null;
		let previous: PdfLine | null = null;
		for (const line of lines) {
			const gap = previous ? previous.y - line.y : 0;
			const sizeChanged = previous ? Math.abs(line.fontSize - previous.fontSize) > 0.15 * bodySize : false;
			const startsNew = !current || !previous || sizeChanged || gap <= 0 || gap > typicalGap * 1.4;
			// A paragraph cut by a page break continues on the next page when it had not finished a sentence.
			const continuesFromLastPage = !previous && current === null && continuesSentence(paragraphs.at(-1), line);
			if (continuesFromLastPage) current = paragraphs.at(-1) ?? null;
			if (startsNew && !continuesFromLastPage) {
				current = { lines: [], fontSize: line.fontSize };
				paragraphs.push(current);
			}
			current?.lines.push(line);
			previous = line;
		}
	}

	const headingSizes = [
		...new Set(paragraphs.filter((p) => isHeading(p, bodySize)).map((p) => Math.round(p.fontSize)))
	].sort((a, b) => b - a);
	return paragraphs.map((p): Block => {
		const text = joinLines(p.lines.map((l) => l.text));
		if (isHeading(p, bodySize)) {
			return { kind: 'heading', level: clampHeadingLevel(headingSizes.indexOf(Math.round(p.fontSize)) + 1), text };
		}
		return { kind: 'paragraph', text };
	});
}

/** Joins wrapped lines, removing the hyphen a line break split a word with ("every-" + "day"). */
export function joinLines(lines: string[]): string {
	let text = '';
	for (const raw of lines) {
		const line = normaliseWhitespace(raw);
		if (!line) continue;
		if (/\p{L}-$/u.test(text) && /^\p{Ll}/u.test(line)) text = text.slice(0, -1) + line;
		else text = text ? `${text} ${line}` : line;
	}
	return text;
}

function isHeading(p: Paragraph, bodySize: number): boolean {
	if (p.fontSize < bodySize * 1.15 || p.lines.length > 2) return false;
	const text = joinLines(p.lines.map((l) => l.text));
	return text.split(' ').length <= 15 && !/[.,;]$/.test(text);
}

function continuesSentence(paragraph: Paragraph | undefined, line: PdfLine): boolean {
	const last = paragraph?.lines.at(-1);
	if (!paragraph || !last || Math.abs(paragraph.fontSize - line.fontSize) > 0.5) return false;
	return !/[.!?:]["'”’)]?$/.test(last.text.trim()) && /^\p{Ll}/u.test(line.text.trim());
}

/** The font size covering the most characters is the body text size. */
function mostCommonSize(lines: PdfLine[]): number {
	const weight = new Map<number, number>();
	for (const l of lines) weight.set(Math.round(l.fontSize), (weight.get(Math.round(l.fontSize)) ?? 0) + l.text.length);
	return [...weight.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

/**
 * Usual distance between consecutive body lines. The lower quartile rather than the median, because in
 * documents of many one-line paragraphs most gaps are paragraph gaps. Falls back to 1.2 x the font size.
 */
function typicalLineGap(pages: PdfLine[][], bodySize: number): number {
	const gaps: number[] = [];
	for (const lines of pages) {
		for (let i = 1; i < lines.length; i++) {
			const gap = lines[i - 1].y - lines[i].y;
			if (
				gap >= bodySize * 0.8 &&
				Math.abs(lines[i].fontSize - bodySize) < 0.5 &&
				Math.abs(lines[i - 1].fontSize - bodySize) < 0.5
			) {
				gaps.push(gap);
			}
		}
	}
	if (gaps.length === 0) return bodySize * 1.2;
	gaps.sort((a, b) => a - b);
	return gaps[Math.floor(gaps.length / 4)];
}

/** Page numbers, and short lines repeated on most pages (running headers and footers), are not content. */
function dropRunningLines(pages: PdfLine[][]): PdfLine[][] {
	const key = (l: PdfLine) => l.text.trim().toLowerCase().replace(/\d+/g, '#');
	const pageCount = new Map<string, number>();
	for (const lines of pages) {
		for (const k of new Set(lines.map(key))) pageCount.set(k, (pageCount.get(k) ?? 0) + 1);
	}
	const repeated = (l: PdfLine) =>
		pages.length >= 3 && (pageCount.get(key(l)) ?? 0) >= pages.length / 2 && l.text.split(/\s+/).length <= 10;
	const pageNumber = (l: PdfLine) => /^(page\s+)?#(\s+of\s+#)?$/.test(key(l));
	return pages.map((lines) => lines.filter((l) => l.text.trim() !== '' && !pageNumber(l) && !repeated(l)));
}
