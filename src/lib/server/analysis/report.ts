/**
 * The Word report of an analysis: the question, the theme table (title, description, count, share), a
 * horizontal bar chart drawn with shaded table cells (no image library needed, and it stays readable
 * by screen readers as a table), representative quotes for each theme, and how the analysis was made.
 */
import {
	AlignmentType,
	BorderStyle,
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
import type { AnalysisView } from '$lib/schemas/analysis';
import { exportDate } from '../chat/export';

const NHS_BLUE = '005EB8';
const PALE_GREY = 'E8EDEE';
/** Width of the bar column, in twentieths of a point (about 9 cm). */
const BAR_TWIPS = 5000;
const NO_BORDERS = {
	top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
	bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
	left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
	right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }
};

function share(count: number, total: number): string {
	return total ? `${Math.round((count / total) * 100)}%` : '0%';
}

function cell(text: string, options: { bold?: boolean; width?: number } = {}): TableCell {
	return new TableCell({
		width: options.width ? { size: options.width, type: WidthType.DXA } : undefined,
		children: [new Paragraph({ children: [new TextRun({ text, bold: options.bold })] })]
	});
}

function themeTable(view: AnalysisView): Table {
	const header = new TableRow({
		tableHeader: true,
		children: ['Theme', 'Description', 'Responses', 'Share'].map((h) => cell(h, { bold: true }))
	});
	const rows = view.themes.map(
		(t) =>
			new TableRow({
				children: [cell(t.title), cell(t.description), cell(String(t.count)), cell(share(t.count, view.responses))]
			})
	);
	return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...rows] });
}

/** One bar: a shaded cell as wide as the theme's share of the largest theme, then an empty one. */
function bar(count: number, largest: number): Table {
	const filled = Math.max(1, Math.round((count / Math.max(largest, 1)) * BAR_TWIPS));
	const shaded = new TableCell({
		width: { size: filled, type: WidthType.DXA },
		shading: { type: ShadingType.CLEAR, color: 'auto', fill: NHS_BLUE },
		borders: NO_BORDERS,
		children: [new Paragraph('')]
	});
	const rest = new TableCell({
		width: { size: Math.max(1, BAR_TWIPS - filled), type: WidthType.DXA },
		borders: NO_BORDERS,
		children: [new Paragraph('')]
	});
	return new Table({
		width: { size: BAR_TWIPS, type: WidthType.DXA },
		columnWidths: [filled, Math.max(1, BAR_TWIPS - filled)],
		borders: NO_BORDERS,
		rows: [new TableRow({ children: count > 0 ? [shaded, rest] : [rest] })]
	});
}

function barChart(view: AnalysisView): Table {
	const largest = Math.max(0, ...view.themes.map((t) => t.count));
	const rows = view.themes.map(
		(t) =>
			new TableRow({
				children: [
					cell(t.title, { width: 3000 }),
					new TableCell({
						width: { size: BAR_TWIPS + 200, type: WidthType.DXA },
						children: [bar(t.count, largest), new Paragraph('')]
					}),
					new TableCell({
						width: { size: 1200, type: WidthType.DXA },
						shading: { type: ShadingType.CLEAR, color: 'auto', fill: PALE_GREY },
						children: [
							new Paragraph({ alignment: AlignmentType.RIGHT, text: `${t.count} (${share(t.count, view.responses)})` })
						]
					})
				]
			})
	);
	return new Table({ rows });
}

function quotes(view: AnalysisView): Paragraph[] {
	return view.themes.flatMap((t) => [
		new Paragraph({ heading: HeadingLevel.HEADING_3, text: `${t.title} (${t.count})` }),
		...(t.quotes.length
			? t.quotes.map(
					(q) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun({ text: `“${q}”`, italics: true })] })
				)
			: [new Paragraph('No responses in this theme.')])
	]);
}

function about(view: AnalysisView, exportedAt: Date): Paragraph[] {
	return [
		new Paragraph({ heading: HeadingLevel.HEADING_2, text: 'About this analysis' }),
		new Paragraph(
			`${view.responses} responses from the column "${view.column}" of ${view.fileName}. ${view.unassigned} responses fit no theme. ` +
				'A response can sit in more than one theme, so shares can add up to more than 100%.'
		),
		new Paragraph(
			'Themes were proposed and responses grouped by AI, then reviewed by a person. Names, contact details and other ' +
				'personal data were replaced with placeholders such as [Person 1] before the AI read any response. Check the ' +
				'themes and counts against the responses before you report them.'
		),
		new Paragraph(`Exported ${exportDate(exportedAt)}.`)
	];
}

/** The report as a .docx file. */
export async function analysisDocx(view: AnalysisView, exportedAt = new Date()): Promise<Uint8Array> {
	const doc = new Document({
		creator: 'NHS Comms Assist',
		title: `Themes: ${view.fileName}`,
		sections: [
			{
				children: [
					new Paragraph({ heading: HeadingLevel.TITLE, text: `Themes in ${view.fileName}` }),
					new Paragraph({
						children: [new TextRun({ text: 'Question: ', bold: true }), new TextRun(view.question ?? view.column)]
					}),
					new Paragraph(`${view.responses} responses analysed.`),
					new Paragraph({ heading: HeadingLevel.HEADING_2, text: 'Themes' }),
					themeTable(view),
					new Paragraph({ heading: HeadingLevel.HEADING_2, text: 'Responses by theme' }),
					barChart(view),
					new Paragraph({ heading: HeadingLevel.HEADING_2, text: 'What people said' }),
					...quotes(view),
					...about(view, exportedAt)
				]
			}
		]
	});
	return new Uint8Array(await Packer.toBuffer(doc));
}
