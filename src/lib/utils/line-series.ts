/** Rows of a dashboard table as one line per series, and those lines in words (the chart's text summary). */

type Row = Record<string, string | number>;
export type LinePoint = { time: number; value: number; label: string };
export type LineSeries = { key: string; name: string; points: LinePoint[] };

/** Groups rows into series in the order each first appears; points oldest first. Rows without a number are left out. */
export function lineSeries(
	rows: Row[],
	keys: { labelKey: string; valueKey: string; seriesKey: string; seriesLabelKey: string; xKey: string }
): LineSeries[] {
	const byKey = new Map<string, LineSeries>();
	for (const row of rows) {
		const value = row[keys.valueKey];
		const time = Date.parse(String(row[keys.xKey]));
		if (typeof value !== 'number' || !Number.isFinite(time)) continue;
		const key = String(row[keys.seriesKey]);
		const series = byKey.get(key) ?? { key, name: String(row[keys.seriesLabelKey] ?? key), points: [] };
		series.points.push({ time, value, label: String(row[keys.labelKey]) });
		byKey.set(key, series);
	}
	for (const series of byKey.values()) series.points.sort((a, b) => a.time - b.time);
	return [...byKey.values()];
}

const pct = (n: number) => `${n.toLocaleString('en-GB')}%`;

function change(from: number, to: number): string {
	const points = Math.round((to - from) * 10) / 10;
	if (points === 0) return 'no change';
	const amount = Math.abs(points).toLocaleString('en-GB');
	return `${points > 0 ? 'up' : 'down'} ${amount} percentage ${Math.abs(points) === 1 ? 'point' : 'points'}`;
}

/** One sentence per series: its runs, where it started and ended, and the change. */
export function seriesSummary(series: LineSeries[]): string {
	if (!series.length) return 'There is nothing to show.';
	return series
		.map(({ name, points }) => {
			const first = points[0];
			const last = points[points.length - 1];
			if (points.length === 1) return `${name}: 1 run, ${pct(first.value)} on ${first.label}.`;
			return `${name}: ${points.length} runs, from ${pct(first.value)} on ${first.label} to ${pct(last.value)} on ${last.label} (${change(first.value, last.value)}).`;
		})
		.join(' ');
}

/** How many lines a chart draws at most: past this, lines cannot be told apart (and the key and summary grow long). */
export const MAX_LINES = 6;

/**
 * The lines worth drawing when there are too many to draw them all: those whose value moved most from
 * their first point to their last (a fall before a rise of the same size), then those lowest now, then
 * by name; the rest are counted, and the table under the chart still gives every figure. Order of the
 * shown lines is kept as given, so their styles stay stable.
 */
export function pickSeries(series: LineSeries[], max = MAX_LINES): { shown: LineSeries[]; hidden: number } {
	if (series.length <= max) return { shown: series, hidden: 0 };
	const moved = (s: LineSeries) => s.points[s.points.length - 1].value - s.points[0].value;
	const latest = (s: LineSeries) => s.points[s.points.length - 1].value;
	const ranked = [...series].sort(
		(a, b) =>
			Math.abs(moved(b)) - Math.abs(moved(a)) ||
			moved(a) - moved(b) ||
			latest(a) - latest(b) ||
			a.name.localeCompare(b.name)
	);
	const keep = new Set(ranked.slice(0, max).map((s) => s.key));
	return { shown: series.filter((s) => keep.has(s.key)), hidden: series.length - max };
}

/** The sentence under a chart that draws only some of its lines. */
export function hiddenNote(hidden: number, max = MAX_LINES): string {
	if (!hidden) return '';
	return `The chart draws the ${max} assistants whose pass rate changed most; the ${hidden.toLocaleString('en-GB')} other${hidden === 1 ? ' is' : 's are'} in the table.`;
}
