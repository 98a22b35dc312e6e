/**
 * Spreadsheets (.csv and .xlsx) read into a header row and data rows of cell text. The first row with
 * any content is the header; blank headers become "Column 3" and repeated ones get a number, so every
 * column can be chosen by name. Rows that are entirely blank are dropped.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { attachmentError } from './errors';

export type Table = { columns: string[]; rows: string[][] };

/** Most rows one attachment may hold (a 20 MB CSV of short comments is far fewer). */
export const MAX_TABLE_ROWS = 100_000;

/** Guesses the delimiter from the first lines: the candidate that splits them most consistently. */
function sniffDelimiter(text: string): string {
	const lines = text.split(/\r?\n/, 10).filter((l) => l.trim());
	let best = ',';
	let bestScore = 0;
	for (const d of [',', ';', '\t', '|']) {
		const counts = lines.map((l) => l.split(d).length - 1);
		const min = Math.min(...counts);
		const score = min > 0 && counts.every((c) => c === counts[0]) ? min + 100 : min;
		if (score > bestScore) {
			best = d;
			bestScore = score;
		}
	}
	return best;
}

/** Whether decoded text is delimited data: several lines that split into the same number (≥2) of fields. */
export function looksLikeCsv(text: string): boolean {
	const delimiter = sniffDelimiter(text);
	try {
		const sample = text.slice(0, 20_000);
		const cut = sample.lastIndexOf('\n');
		const records = parse(cut > 0 ? sample.slice(0, cut) : sample, {
			delimiter,
			relax_column_count: true,
			skip_empty_lines: true,
			bom: true
		}) as string[][];
		if (records.length < 2) return false;
		const width = records[0].length;
		return width >= 2 && records.every((r) => r.length === width);
	} catch {
		return false;
	}
}

export function parseCsv(text: string, fileName: string): Table {
	let records: string[][];
	try {
		records = parse(text, {
			delimiter: sniffDelimiter(text),
			relax_column_count: true,
			relax_quotes: true,
			skip_empty_lines: true,
			bom: true
		}) as string[][];
	} catch (e) {
		const where = (e as { lines?: number }).lines;
		throw attachmentError(
			422,
			fileName,
			`this CSV file could not be read${where ? ` (near line ${where})` : ''}. Open it in Excel, save it again as CSV, and attach that.`
		);
	}
	return toTable(records, fileName);
}

function cellText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value === 'object') {
		if ('richText' in value) return value.richText.map((r) => r.text).join('');
		if ('text' in value && typeof value.text === 'string') return value.text;
		if ('result' in value) return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
		if ('error' in value) return '';
		return '';
	}
	return String(value);
}

/** The first worksheet with data in it. */
export async function parseXlsx(bytes: Uint8Array, fileName: string): Promise<Table> {
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
	} catch {
		throw attachmentError(
			422,
			fileName,
			'this Excel file is damaged and cannot be read. Open it in Excel, save a new copy, and attach that.'
		);
	}
	const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0);
	if (!sheet) return toTable([], fileName);
	const records: string[][] = [];
	sheet.eachRow({ includeEmpty: false }, (row) => {
		const cells: string[] = [];
		for (let c = 1; c <= sheet.columnCount; c++) cells.push(cellText(row.getCell(c).value).trim());
		records.push(cells);
	});
	return toTable(records, fileName);
}

function toTable(records: string[][], fileName: string): Table {
	const rows = records.map((r) => r.map((c) => String(c ?? '').trim())).filter((r) => r.some((c) => c !== ''));
	if (rows.length === 0)
		throw attachmentError(422, fileName, 'this spreadsheet has no data in it. Check it is the right file.');
	if (rows.length - 1 > MAX_TABLE_ROWS) {
		throw attachmentError(
			413,
			fileName,
			`this spreadsheet has ${(rows.length - 1).toLocaleString('en-GB')} rows, over the ${MAX_TABLE_ROWS.toLocaleString('en-GB')} row limit. Split it and attach the parts.`
		);
	}
	const width = Math.max(...rows.map((r) => r.length));
	const [header, ...data] = rows;
	const seen = new Map<string, number>();
	const columns = Array.from({ length: width }, (_, i) => {
		const name = header[i]?.trim() || `Column ${i + 1}`;
		const n = (seen.get(name) ?? 0) + 1;
		seen.set(name, n);
		return n > 1 ? `${name} (${n})` : name;
	});
	if (data.length === 0) {
		throw attachmentError(
			422,
			fileName,
			'this spreadsheet has a header row but no data rows. Check it is the right file.'
		);
	}
	return { columns, rows: data.map((r) => columns.map((_, i) => r[i] ?? '')) };
}

/** The column most likely to hold free-text answers: the longest average text. */
export function likelyTextColumn(table: Table): string | null {
	let best: string | null = null;
	let bestLength = 0;
	table.columns.forEach((name, i) => {
		const sample = table.rows.slice(0, 500);
		const average = sample.reduce((sum, r) => sum + (r[i]?.length ?? 0), 0) / Math.max(sample.length, 1);
		const numeric = sample.every((r) => !r[i] || /^-?[\d.,:/ ]+$/.test(r[i]));
		if (!numeric && average > bestLength) {
			best = name;
			bestLength = average;
		}
	});
	return best;
}

/** One line a row, "Column: value | Column: value", for the model and for search. */
export function rowLine(columns: string[], row: string[]): string {
	return columns
		.map((c, i) => (row[i] ? `${c}: ${row[i]}` : ''))
		.filter(Boolean)
		.join(' | ');
}
