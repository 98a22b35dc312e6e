/**
 * CSV (RFC 4180) for spreadsheet downloads. Cells that a spreadsheet would run as a formula (starting
 * with = + - @, a tab or a carriage return) get a leading apostrophe, so a download cannot run code.
 * Plain numbers are left alone: a negative number is data, not a formula.
 */
export type CsvCell = string | number | boolean | null | undefined | Date;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: CsvCell): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	let text = value instanceof Date ? value.toISOString() : String(value);
	if (FORMULA_START.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row and data rows, lines ended with CRLF as the standard asks. */
export function toCsv(header: string[], rows: CsvCell[][]): string {
	return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
