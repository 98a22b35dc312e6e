/** Scales for the dashboard's SVG bar charts: a readable axis (round steps) and bar lengths on it. */

export type Axis = { top: number; ticks: number[] };

const round = (n: number) => Number(n.toPrecision(12));

/**
 * An axis from 0 that covers `max` in at most `count` round steps (1, 2, 2.5 or 5 × 10ⁿ). With
 * `integer`, steps are whole numbers (counts of people are never 0.25).
 */
export function axis(max: number, { count = 4, integer = false }: { count?: number; integer?: boolean } = {}): Axis {
	const value = Number.isFinite(max) && max > 0 ? max : 0;
	if (value === 0) return { top: 1, ticks: [0, 1] };
	const raw = value / count;
	const magnitude = 10 ** Math.floor(Math.log10(raw));
	let step = 10 * magnitude;
	for (const m of [1, 2, 2.5, 5, 10]) {
		const candidate = round(m * magnitude);
		if (candidate >= raw && (!integer || Number.isInteger(candidate))) {
			step = candidate;
			break;
		}
	}
	if (integer) step = Math.max(1, Math.ceil(step));
	const steps = Math.max(1, Math.ceil(round(value / step)));
	return { top: round(step * steps), ticks: Array.from({ length: steps + 1 }, (_, i) => round(step * i)) };
}

/**
 * The axis for a chart of percentages: always 0 to 100, so a bar's length reads as a share of the whole
 * and two charts (or two date ranges) compare at a glance. Values above 100 are drawn to the end.
 */
export const PERCENT_AXIS: Axis = { top: 100, ticks: [0, 25, 50, 75, 100] };

/** The axis for a chart's values: 0 to 100 for percentages, otherwise round steps covering the largest. */
export function axisFor(values: number[], unit: string): Axis {
	if (unit === '%') return PERCENT_AXIS;
	return axis(Math.max(0, ...values), { integer: values.every((v) => Number.isInteger(v)) });
}

/** The length of a bar for `value` on an axis reaching `top` drawn `length` long; never negative or past the end. */
export function barLength(value: number, top: number, length: number): number {
	if (!Number.isFinite(value) || value <= 0 || !(top > 0)) return 0;
	return Math.min(length, (value / top) * length);
}
