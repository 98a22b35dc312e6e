import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';

describe('csvCell', () => {
	it('leaves plain text and numbers as they are', () => {
		expect(csvCell('Press release')).toBe('Press release');
		expect(csvCell(42)).toBe('42');
		expect(csvCell(-3.5)).toBe('-3.5');
		expect(csvCell(0)).toBe('0');
	});

	it('writes empty cells for missing values and non-finite numbers', () => {
		expect(csvCell(null)).toBe('');
		expect(csvCell(undefined)).toBe('');
		expect(csvCell(Number.NaN)).toBe('');
	});

	it('quotes commas, quotes and line breaks, doubling quotes', () => {
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hello"')).toBe('"say ""hello"""');
		expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
		expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
	});

	it.each(['=1+1', '+44 20', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'])('neutralises the formula %j', (text) => {
		const out = csvCell(text);
		expect(out.replace(/^"/, '').startsWith("'")).toBe(true);
	});

	it('neutralises a formula that also needs quoting', () => {
		expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
	});

	it('writes dates as ISO 8601', () => {
		expect(csvCell(new Date(Date.UTC(2026, 10, 21)))).toBe('2026-11-21T00:00:00.000Z');
	});
});

describe('toCsv', () => {
	it('joins cells with commas and rows with CRLF', () => {
		expect(
			toCsv(
				['Day', 'Users'],
				[
					['2026-11-01', 3],
					['2026-11-02', 0]
				]
			)
		).toBe('Day,Users\r\n2026-11-01,3\r\n2026-11-02,0\r\n');
	});
	it('writes just the header when there are no rows', () => {
		expect(toCsv(['Model', 'Tokens'], [])).toBe('Model,Tokens\r\n');
	});
});
