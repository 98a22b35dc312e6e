/**
 * A draft to take away: Word (NHS styling: Arial, NHS Blue headings and table header) or Markdown, with
 * the organisation's AI-use statement when AI helped write it, and the sign-off record.
 */
import {
	Document,
	HeadingLevel,
	Packer,
	Paragraph,
	ShadingType,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType
} from 'docx';
import type { DraftApprovalView, DraftExportFormat } from '$lib/schemas/drafts';
import { DISCLOSURE_HEADING, exportDate, markdownParagraphs } from '../chat/export';
import { approvalLine, RECORD_HEADERS, recordRows } from './export-record';

const NHS_BLUE = '005EB8';
const NHS_DARK_BLUE = '003087';
const NHS_TEXT = '212B32';
export const SIGN_OFF_HEADING = 'Sign-off record';
export const NO_DECISIONS = 'No reviewer has made a decision on this draft yet.';

export const DRAFT_CONTENT_TYPES: Record<DraftExportFormat, string> = {
	md: 'text/markdown; charset=utf-8',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
};

export type DraftExportInput = {
	title: string;
	content: string;
	version: number;
	approvals: DraftApprovalView[];
	/** The organisation's AI-use statement, or null when no AI was used. */
	disclosure: string | null;
	exportedAt: Date;
};

/** "| a | b |" with pipes in cells escaped. */
function mdRow(cells: string[]): string {
	return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

export function draftToMarkdown(input: DraftExportInput): string {
	const out = [`# ${input.title}`, '', input.content.trim(), ''];
	if (input.disclosure) out.push('---', '', `## ${DISCLOSURE_HEADING}`, '', input.disclosure, '');
	out.push('---', '', `## ${SIGN_OFF_HEADING}`, '', approvalLine(input.version, input.approvals), '');
	if (input.approvals.length) {
		out.push(mdRow(RECORD_HEADERS), mdRow(RECORD_HEADERS.map(() => '---')));
		out.push(...recordRows(input.approvals).map(mdRow), '');
	} else {
		out.push(NO_DECISIONS, '');
	}
	out.push(`Exported ${exportDate(input.exportedAt)}.`);
	return out.join('\n') + '\n';
}

function cell(text: string, header = false): TableCell {
	return new TableCell({
		shading: header ? { type: ShadingType.CLEAR, color: 'auto', fill: NHS_BLUE } : undefined,
		children: [new Paragraph({ children: [new TextRun({ text, bold: header, color: header ? 'FFFFFF' : undefined })] })]
	});
}

function recordTable(approvals: DraftApprovalView[]): Table {
	return new Table({
		width: { size: 100, type: WidthType.PERCENTAGE },
		rows: [
			new TableRow({ tableHeader: true, children: RECORD_HEADERS.map((h) => cell(h, true)) }),
			...recordRows(approvals).map((row) => new TableRow({ children: row.map((c) => cell(c)) }))
		]
	});
}

const heading = (color: string, size: number) => ({ run: { font: 'Arial', bold: true, color, size } });

export async function draftToDocx(input: DraftExportInput): Promise<Uint8Array> {
	const children: (Paragraph | Table)[] = [
		new Paragraph({ heading: HeadingLevel.TITLE, text: input.title }),
		...markdownParagraphs(input.content, [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3])
	];
	if (input.disclosure) {
		children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, text: DISCLOSURE_HEADING }));
		children.push(new Paragraph(input.disclosure));
	}
	children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, text: SIGN_OFF_HEADING }));
	children.push(
		new Paragraph({ children: [new TextRun({ text: approvalLine(input.version, input.approvals), bold: true })] })
	);
	children.push(input.approvals.length ? recordTable(input.approvals) : new Paragraph(NO_DECISIONS));
	children.push(new Paragraph({ text: `Exported ${exportDate(input.exportedAt)}.`, spacing: { before: 240 } }));
	const doc = new Document({
		title: input.title,
		creator: 'NHS Comms Assist',
		styles: {
			default: {
				document: { run: { font: 'Arial', size: 24, color: NHS_TEXT } },
				title: heading(NHS_DARK_BLUE, 48),
				heading1: heading(NHS_BLUE, 36),
				heading2: heading(NHS_BLUE, 30),
				heading3: heading(NHS_TEXT, 26)
			}
		},
		sections: [{ children }]
	});
	return new Uint8Array(await Packer.toBuffer(doc));
}
