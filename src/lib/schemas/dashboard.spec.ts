import { describe, expect, it } from 'vitest';
import { addDays, chartedRows, daysInRange, parseDateRange, type DashboardTable } from './dashboard';

const now = new Date('2026-11-21T08:00:00Z');
const parse = (query: string) => parseDateRange(new URLSearchParams(query), now);

describe('parseDateRange', () => {
	it('defaults to the last 30 days, today included', () => {
		const r = parse('');
		expect(r).toMatchObject({ ok: true, range: { from: '2026-10-23', to: '2026-11-21' } });
		expect(r.values).toEqual({
			from: { day: '23', month: '10', year: '2026' },
			to: { day: '21', month: '11', year: '2026' }
		});
	});

	it('reads ISO dates and the NHS date input fields', () => {
		expect(parse('from=2026-10-01&to=2026-10-31')).toMatchObject({
			ok: true,
			range: { from: '2026-10-01', to: '2026-10-31' }
		});
		expect(parse('from-day=1&from-month=2&from-year=2026&to-day=3&to-month=2&to-year=2026')).toMatchObject({
			ok: true,
			range: { from: '2026-02-01', to: '2026-02-03' }
		});
	});

	it('defaults the start to 30 days before a chosen end', () => {
		expect(parse('to=2026-03-30')).toMatchObject({ ok: true, range: { from: '2026-03-01', to: '2026-03-30' } });
	});

	it('refuses an end date before the start date, keeping what was typed', () => {
		const r = parse('from-day=10&from-month=10&from-year=2026&to-day=9&to-month=10&to-year=2026');
		expect(r).toMatchObject({ ok: false, errors: { to: 'End date must be the same as or after the start date' } });
		expect(r.values.to).toEqual({ day: '9', month: '10', year: '2026' });
	});

	it('explains missing parts, impossible dates and short years', () => {
		expect(parse('from-day=1&from-year=2026').ok).toBe(false);
		expect(parse('from-day=1&from-year=2026')).toMatchObject({ errors: { from: 'Start date must include a month' } });
		expect(parse('to-day=30&to-month=2&to-year=2026')).toMatchObject({
			errors: { to: 'End date must be a real date, for example 21 11 2026' }
		});
		expect(parse('from-day=1&from-month=1&from-year=26')).toMatchObject({
			errors: { from: 'Start date must be a real date, for example 21 11 2026' }
		});
		expect(parse('from=yesterday')).toMatchObject({ ok: false });
	});

	it('refuses a start in the future and ranges over two years', () => {
		expect(parse('from=2026-12-01&to=2026-12-31')).toMatchObject({
			errors: { from: 'Start date must be today or in the past' }
		});
		expect(parse('from=2020-01-01&to=2026-01-01')).toMatchObject({
			errors: { to: 'The date range must be 731 days or fewer' }
		});
	});
});

describe('date helpers', () => {
	it('adds days across months and counts days inclusively', () => {
		expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
		expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
		expect(daysInRange({ from: '2026-10-01', to: '2026-10-31' })).toBe(31);
		expect(daysInRange({ from: '2026-10-01', to: '2026-10-01' })).toBe(1);
	});
});

describe('chartedRows', () => {
	const rows = Array.from({ length: 74 }, (_, i) => ({ assistant: `Task ${i + 1}`, latest: i }));
	const bars = (limit?: number): Pick<DashboardTable, 'chart'> => ({
		chart: {
			labelKey: 'assistant',
			valueKey: 'latest',
			unit: '%',
			limit,
			limitLabel: 'assistants with the lowest latest pass rates'
		}
	});

	it('draws only the first rows past the limit, and says how many the table has', () => {
		const charted = chartedRows(bars(12), rows);
		expect(charted.rows).toEqual(rows.slice(0, 12));
		expect(charted.note).toBe(
			'The chart shows the 12 assistants with the lowest latest pass rates, of 74. The table lists them all.'
		);
	});

	it('draws every row, with no note, up to the limit or without one', () => {
		expect(chartedRows(bars(12), rows.slice(0, 12))).toEqual({ rows: rows.slice(0, 12), note: null });
		expect(chartedRows(bars(), rows)).toEqual({ rows, note: null });
		expect(chartedRows({ chart: null }, rows)).toEqual({ rows, note: null });
	});
});
