/**
 * An analysis's results to take away: CSV and Excel with one row per response (number, spreadsheet
 * row, the text with personal data replaced, its themes), built from the database a thousand rows at
 * a time. The Word report is in report.ts.
 */
import ExcelJS from 'exceljs';
import type { AnalysisExportFormat } from '$lib/schemas/analysis';
import type { AnalysisRow } from '../db/queries/analyses';
import { exportRows } from '../db/queries/analysis-results';

export const ANALYSIS_CONTENT_TYPES: Record<AnalysisExportFormat, string> = {
	csv: 'text/csv; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
};

export const RESPONSE_HEADERS = ['Response number', 'Spreadsheet row', 'Response (personal data replaced)', 'Themes'];

/** "themes-survey-comments.csv": from the file and column names. */
export function analysisFilename(analysis: AnalysisRow, format: AnalysisExportFormat): string {
	const slug = `themes ${analysis.fileName.replace(/\.[A-Za-z0-9]+$/, '')} ${analysis.column}`
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^A-Za-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 80)
		.replace(/-+$/, '')
		.toLowerCase();
	return `${slug || 'themes'}.${format}`;
}

/** A cell a spreadsheet will not run as a formula (text starting with = + - @ gets a leading apostrophe). */
export function safeCell(value: string): string {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvField(value: string | number): string {
	const text = typeof value === 'number' ? String(value) : safeCell(value);
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV, streamed (with a byte-order mark so Excel reads it as UTF-8). */
export function analysisCsv(analysisId: string): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	const rows = exportRows(analysisId);
	let started = false;
	return new ReadableStream({
		async pull(controller) {
			if (!started) {
				started = true;
				controller.enqueue(encoder.encode(`\uFEFF${RESPONSE_HEADERS.map(csvField).join(',')}\r\n`));
				return;
			}
			const next = await rows.next();
			if (next.done) return controller.close();
			const lines = next.value.map((r) => [r.number, r.row, r.text, r.themes.join('; ')].map(csvField).join(','));
			controller.enqueue(encoder.encode(`${lines.join('\r\n')}\r\n`));
		}
	});
}

/** The workbook: "Responses" (one row each) and "Themes" (title, description, count, share). */
export async function analysisXlsx(
	analysisId: string,
	themes: { title: string; description: string; count: number }[],
	responses: number
): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Responses');
	sheet.columns = RESPONSE_HEADERS.map((header, i) => ({ header, width: [10, 10, 80, 40][i] }));
	sheet.getRow(1).font = { bold: true };
	for await (const batch of exportRows(analysisId)) {
		for (const r of batch) sheet.addRow([r.number, r.row, safeCell(r.text), safeCell(r.themes.join('; '))]);
	}
	const summary = workbook.addWorksheet('Themes');
	summary.columns = ['Theme', 'Description', 'Responses', 'Share of responses'].map((header, i) => ({
		header,
		width: [40, 80, 12, 18][i]
	}));
	summary.getRow(1).font = { bold: true };
	for (const t of themes) {
		const row = summary.addRow([
			safeCell(t.title),
			safeCell(t.description),
			t.count,
			responses ? t.count / responses : 0
		]);
		row.getCell(4).numFmt = '0%';
	}
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}
