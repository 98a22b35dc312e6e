/**
 * A chat as a document to keep or share: the conversation as the person now sees it (the latest answer
 * to each question), each answer with its model and the guidance it cited. Markdown or Word.
 */
import { Document, HeadingLevel, Packer, Paragraph, TextRun, type ParagraphChild } from 'docx';
import type { ExportFormat, MessageRole, MessageStatus, StoredSource } from '$lib/schemas/chat';
import { latestBranch } from './history';

export const AI_NOTE = 'Drafted with AI. Check for accuracy, tone and empathy before use.';
export const ROLE_LABELS: Record<MessageRole, string> = { user: 'You', assistant: 'NHS Comms Assist (AI draft)' };
const UNTITLED = 'Untitled chat';

export type ExportMessage = {
	id: string;
	role: MessageRole;
	parentId: string | null;
	content: string;
	status: MessageStatus;
	model: string | null;
	sources: StoredSource[] | null;
};

/** `disclosure`: the organisation's AI-use statement, added at the end when the person asks for it. */
export type ExportInput = { title: string; messages: ExportMessage[]; exportedAt: Date; disclosure?: string | null };
export const DISCLOSURE_HEADING = 'AI-use statement';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
	md: 'text/markdown; charset=utf-8',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
};

/** A file name made from the chat title: letters, digits, hyphens and underscores only. */
export function exportFilename(title: string, format: ExportFormat): string {
	const base = title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^A-Za-z0-9_-]+/g, '-')
		.replace(/-{2,}/g, '-')
		.replace(/^[-_]+|[-_]+$/g, '')
		.slice(0, 80)
		.replace(/[-_]+$/, '');
	return `${base || 'chat'}.${format}`;
}

/** "21 November 2026, 07:05 UTC" */
export function exportDate(date: Date): string {
	const day = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
	const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
	return `${day}, ${time} UTC`;
}

/** "[2] Style guide — Times and dates, version 3, https://…" */
export function citationLine(s: StoredSource): string {
	const where = [s.documentTitle, s.heading].filter((p) => p?.trim()).join(' — ');
	return [`[${s.n}] ${where}`, `version ${s.version}`, s.url].filter(Boolean).join(', ');
}

function statusNote(status: MessageStatus): string | null {
	if (status === 'stopped') return 'This answer was stopped before it finished.';
	if (status === 'error' || status === 'interrupted') return 'This answer did not finish.';
	return null;
}

function shown(input: ExportInput): ExportMessage[] {
	return latestBranch(input.messages).filter((m) => m.role === 'user' || m.content.trim() || m.status !== 'complete');
}

/** The chat as Markdown text. */
export function chatToMarkdown(input: ExportInput): string {
	const title = input.title.trim() || UNTITLED;
	const out: string[] = [`# ${title}`, '', `Exported ${exportDate(input.exportedAt)}`, '', `> ${AI_NOTE}`];
	for (const m of shown(input)) {
		out.push('', '---', '', `## ${ROLE_LABELS[m.role]}`, '');
		if (m.role === 'assistant' && m.model) out.push(`*Model: ${m.model}*`, '');
		const note = m.role === 'assistant' ? statusNote(m.status) : null;
		if (note) out.push(`*${note}*`, '');
		if (m.content.trim()) out.push(m.content.trim());
		const sources = m.role === 'assistant' ? (m.sources ?? []) : [];
		if (sources.length) {
			out.push('', '**Sources**', '');
			for (const s of sources) out.push(`- ${citationLine(s)}`);
		}
	}
	if (input.disclosure?.trim()) out.push('', '---', '', `## ${DISCLOSURE_HEADING}`, '', input.disclosure.trim());
	return out.join('\n') + '\n';
}

/** Runs of text with **bold** spans made bold (and `code` shown plainly). */
function inlineRuns(text: string, italics = false): ParagraphChild[] {
	const runs: ParagraphChild[] = [];
	const parts = text.split(/(\*\*[^*]+\*\*|__[^_]+__)/g);
	for (const part of parts) {
		if (!part) continue;
		const bold = /^(\*\*|__).+\1$/.test(part);
		const plain = (bold ? part.slice(2, -2) : part).replace(/`([^`]+)`/g, '$1');
		runs.push(new TextRun({ text: plain, bold, italics }));
	}
	return runs;
}

const HEADINGS = [HeadingLevel.HEADING_3, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5];

/**
 * Simple Markdown as Word paragraphs: headings, bulleted and numbered lists, bold; the rest as
 * paragraphs. `headings` gives the Word level for #, ##, ### and deeper (an answer's # sits under its own heading).
 */
export function markdownParagraphs(
	markdown: string,
	headings: readonly (typeof HeadingLevel)[keyof typeof HeadingLevel][] = HEADINGS
): Paragraph[] {
	const paragraphs: Paragraph[] = [];
	let buffer: string[] = [];
	const flush = () => {
		if (buffer.length) paragraphs.push(new Paragraph({ children: inlineRuns(buffer.join(' ')) }));
		buffer = [];
	};
	for (const raw of markdown.split(/\r?\n/)) {
		const line = raw.trimEnd();
		const heading = /^(#{1,6})\s+(.*)$/.exec(line);
		const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
		const numbered = /^\s*(\d{1,3})[.)]\s+(.*)$/.exec(line);
		if (!line.trim() || /^\s*(```|---+|\*\*\*+)\s*$/.test(line)) {
			flush();
		} else if (heading) {
			flush();
			const level = headings[Math.min(heading[1].length, headings.length) - 1];
			paragraphs.push(new Paragraph({ heading: level, children: inlineRuns(heading[2]) }));
		} else if (bullet) {
			flush();
			paragraphs.push(new Paragraph({ bullet: { level: 0 }, children: inlineRuns(bullet[1]) }));
		} else if (numbered) {
			flush();
			paragraphs.push(new Paragraph({ indent: { left: 360 }, children: inlineRuns(`${numbered[1]}. ${numbered[2]}`) }));
		} else {
			buffer.push(line.replace(/^>\s?/, '').trim());
		}
	}
	flush();
	return paragraphs;
}

/** The chat as a Word document (.docx bytes). */
export async function chatToDocx(input: ExportInput): Promise<Uint8Array> {
	const title = input.title.trim() || UNTITLED;
	const children: Paragraph[] = [
		new Paragraph({ heading: HeadingLevel.TITLE, text: title }),
		new Paragraph({ text: `Exported ${exportDate(input.exportedAt)}` }),
		new Paragraph({ children: [new TextRun({ text: AI_NOTE, bold: true })] })
	];
	for (const m of shown(input)) {
		children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, text: ROLE_LABELS[m.role] }));
		if (m.role === 'assistant' && m.model) {
			children.push(new Paragraph({ children: [new TextRun({ text: `Model: ${m.model}`, italics: true })] }));
		}
		const note = m.role === 'assistant' ? statusNote(m.status) : null;
		if (note) children.push(new Paragraph({ children: [new TextRun({ text: note, italics: true })] }));
		children.push(...markdownParagraphs(m.content));
		const sources = m.role === 'assistant' ? (m.sources ?? []) : [];
		if (sources.length) {
			children.push(new Paragraph({ children: [new TextRun({ text: 'Sources', bold: true })] }));
			for (const s of sources) children.push(new Paragraph({ text: citationLine(s), indent: { left: 360 } }));
		}
	}
	if (input.disclosure?.trim()) {
		children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, text: DISCLOSURE_HEADING }));
		children.push(new Paragraph({ text: input.disclosure.trim() }));
	}
	const doc = new Document({
		title,
		creator: 'NHS Comms Assist',
		description: AI_NOTE,
		sections: [{ children }]
	});
	return new Uint8Array(await Packer.toBuffer(doc));
}
