import { describe, expect, it } from 'vitest';
import { hiddenNote, lineSeries, pickSeries, seriesSummary, type LineSeries } from './line-series';

const keys = { labelKey: 'day', valueKey: 'rate', seriesKey: 'id', seriesLabelKey: 'name', xKey: 'at' };
const row = (id: string, name: string, at: string, rate: number | string) => ({
	id,
	name,
	at,
	rate,
	day: at.slice(0, 10)
});

describe('line series for the pass-rate chart', () => {
	it('makes one series per key, points oldest first, and keeps two assistants of the same name apart', () => {
		const series = lineSeries(
			[
				row('a', 'Press', '2026-10-09T09:00:00Z', 60),
				row('b', 'Press', '2026-10-01T09:00:00Z', 10),
				row('a', 'Press', '2026-10-03T09:00:00Z', 40),
				row('a', 'Press', 'not a date', 99),
				row('c', 'Social', '2026-10-04T09:00:00Z', 'n/a')
			],
			keys
		);
		expect(series.map((s) => [s.key, s.name, s.points.map((p) => p.value)])).toEqual([
			['a', 'Press', [40, 60]],
			['b', 'Press', [10]]
		]);
	});

	it('summarises each line in words: runs, first and last rate with dates, and the change', () => {
		const series = lineSeries(
			[
				row('a', 'Press release writer', '2026-10-03T09:00:00Z', 40),
				row('a', 'Press release writer', '2026-10-30T09:00:00Z', 80),
				row('b', 'Social media posts', '2026-10-15T09:00:00Z', 100),
				row('c', 'Letters', '2026-10-15T09:00:00Z', 50),
				row('c', 'Letters', '2026-10-16T09:00:00Z', 49)
			].map((r) => ({ ...r, day: new Date(r.at).getUTCDate() + ' October 2026' })),
			keys
		);
		expect(seriesSummary(series)).toBe(
			'Press release writer: 2 runs, from 40% on 3 October 2026 to 80% on 30 October 2026 (up 40 percentage points). ' +
				'Social media posts: 1 run, 100% on 15 October 2026. ' +
				'Letters: 2 runs, from 50% on 15 October 2026 to 49% on 16 October 2026 (down 1 percentage point).'
		);
		expect(seriesSummary([])).toBe('There is nothing to show.');
	});

	it('draws at most six lines when there are more: those that moved most, falls first, in their given order', () => {
		const line = (key: string, values: number[]): LineSeries => ({
			key,
			name: `Assistant ${key}`,
			points: values.map((value, i) => ({ time: i, value, label: `${i + 1} October 2026` }))
		});
		const series = [
			line('a', [50, 50]),
			line('b', [20, 80]),
			line('c', [90, 30]),
			line('d', [100]),
			line('e', [40, 45]),
			line('f', [70, 10]),
			line('g', [60, 0]),
			line('h', [10, 70]),
			line('i', [80, 75])
		];
		const { shown, hidden } = pickSeries(series);
		// Moved: b +60, c -60, f -60, g -60, h +60, then i -5 before e +5 (a fall first), a and d 0.
		expect(shown.map((s) => s.key)).toEqual(['b', 'c', 'f', 'g', 'h', 'i']);
		expect(hidden).toBe(3);
		expect(hiddenNote(hidden)).toBe(
			'The chart draws the 6 assistants whose pass rate changed most; the 3 others are in the table.'
		);
		expect(pickSeries(series.slice(0, 6))).toEqual({ shown: series.slice(0, 6), hidden: 0 });
		expect(hiddenNote(0)).toBe('');
		expect(hiddenNote(1)).toContain('the 1 other is in the table');
	});
});
