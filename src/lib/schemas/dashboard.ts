/**
 * The monitoring dashboard's date range and table names, shared by the page, its CSV download and tests.
 * Dates are whole UTC days; both ends are included.
 */
export const DASHBOARD_TABLES = [
	'active-users-daily',
	'active-users-weekly',
	'activity-daily',
	'assistants',
	'feedback',
	'documents',
	'personal-data',
	'tokens',
	'sensitive-topics',
	'pass-rates',
	'pass-rate-history'
] as const;
export type DashboardTableId = (typeof DASHBOARD_TABLES)[number];

export const DEFAULT_RANGE_DAYS = 30;
export const MAX_RANGE_DAYS = 731;
const DAY_MS = 86_400_000;

export type DateParts = { day: string; month: string; year: string };
export type DateRange = { from: string; to: string };
export type RangeResult =
	| { ok: true; range: DateRange; values: { from: DateParts; to: DateParts } }
	| { ok: false; errors: { from?: string; to?: string }; values: { from: DateParts; to: DateParts } };

export function isoDay(date: Date): string {
	return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
	return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** The period of the same length that ends the day before `range` starts (what figures are compared with). */
export function previousRange(range: DateRange): DateRange {
	const days = daysInRange(range);
	return { from: addDays(range.from, -days), to: addDays(range.from, -1) };
}

/** The number of days from `from` to `to`, both included. */
export function daysInRange(range: DateRange): number {
	return Math.round((Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / DAY_MS) + 1;
}

function partsOf(day: string): DateParts {
	const [year, month, d] = day.split('-');
	return { day: String(Number(d)), month: String(Number(month)), year };
}

function readParts(params: URLSearchParams, name: 'from' | 'to'): DateParts | null {
	const iso = params.get(name);
	if (iso !== null && iso.trim()) {
		const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(iso.trim());
		return m ? { year: m[1], month: m[2], day: m[3] } : { year: iso.trim().slice(0, 20), month: '', day: '' };
	}
	const parts = {
		day: (params.get(`${name}-day`) ?? '').trim().slice(0, 10),
		month: (params.get(`${name}-month`) ?? '').trim().slice(0, 10),
		year: (params.get(`${name}-year`) ?? '').trim().slice(0, 10)
	};
	return parts.day || parts.month || parts.year ? parts : null;
}

function toDay(parts: DateParts, label: string): { day: string } | { error: string } {
	const missing = (['day', 'month', 'year'] as const).filter((k) => !parts[k]);
	if (missing.length) return { error: `${label} must include a ${missing.join(' and a ')}` };
	if (![parts.day, parts.month, parts.year].every((v) => /^\d+$/.test(v)) || parts.year.length !== 4) {
		return { error: `${label} must be a real date, for example 21 11 2026` };
	}
	const [y, m, d] = [Number(parts.year), Number(parts.month), Number(parts.day)];
	const date = new Date(Date.UTC(y, m - 1, d));
	if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
		return { error: `${label} must be a real date, for example 21 11 2026` };
	}
	return { day: isoDay(date) };
}

/**
 * Reads `from`/`to` (YYYY-MM-DD) or the NHS date input's `from-day`, `from-month`… fields. Missing ends
 * default to the last 30 days up to today.
 */
export function parseDateRange(params: URLSearchParams, now: Date = new Date()): RangeResult {
	const today = isoDay(now);
	const fromParts = readParts(params, 'from');
	const toParts = readParts(params, 'to');
	const to = toParts ? toDay(toParts, 'End date') : { day: today };
	const defaultFrom = addDays('day' in to ? to.day : today, -(DEFAULT_RANGE_DAYS - 1));
	const from = fromParts ? toDay(fromParts, 'Start date') : { day: defaultFrom };
	const values = {
		from: fromParts ?? partsOf('day' in from ? from.day : defaultFrom),
		to: toParts ?? partsOf('day' in to ? to.day : today)
	};
	const errors: { from?: string; to?: string } = {};
	if ('error' in from) errors.from = from.error;
	if ('error' in to) errors.to = to.error;
	if ('day' in from && 'day' in to) {
		if (to.day < from.day) errors.to = 'End date must be the same as or after the start date';
		else if (from.day > today) errors.from = 'Start date must be today or in the past';
		else if (daysInRange({ from: from.day, to: to.day }) > MAX_RANGE_DAYS)
			errors.to = `The date range must be ${MAX_RANGE_DAYS} days or fewer`;
	}
	if (errors.from || errors.to || !('day' in from) || !('day' in to)) return { ok: false, errors, values };
	return { ok: true, range: { from: from.day, to: to.day }, values };
}

export type DashboardColumn = {
	key: string;
	label: string;
	numeric?: boolean;
	/** The cell is an ISO day ('YYYY-MM-DD'): shown as '6 December 2026', kept as ISO in the CSV. */
	date?: boolean;
	/** The row's value under this key is a link for the cell (never part of the CSV). */
	hrefKey?: string;
};
export type DashboardCell = string | number;
export type DashboardTable = {
	id: DashboardTableId;
	title: string;
	/** One or two sentences saying what is counted, shown above the chart and used as its description. */
	description: string;
	columns: DashboardColumn[];
	rows: Record<string, DashboardCell>[];
	/** What the page says when there are no rows ("Nothing to show for these dates." unless given). */
	empty?: string;
	/** The chart drawn from the table: one bar (or column) per row, with the values written on it. */
	chart:
		| {
				labelKey: string;
				valueKey: string;
				unit: string;
				/** `columns` for a day-by-day series (compact, left to right); horizontal bars otherwise. */
				kind?: 'bars' | 'columns';
				/**
				 * Bars only: draw at most this many, the table's first rows (the table and its CSV keep every
				 * row), and name what they are in `limitLabel`, e.g. "assistants with the lowest pass rates".
				 */
				limit?: number;
				limitLabel?: string;
		  }
		| {
				/**
				 * One line per `seriesKey` value (named by `seriesLabelKey`), each point placed at `xKey` (an ISO
				 * timestamp) and labelled by `labelKey`.
				 */
				kind: 'lines';
				labelKey: string;
				valueKey: string;
				seriesKey: string;
				seriesLabelKey: string;
				xKey: string;
				unit: string;
		  }
		| null;
};

/**
 * The rows a table's bar chart draws and, when it draws only the first few, the sentence saying so: a chart
 * of 70 bars is a wall, not an overview, while the table behind it keeps every row.
 */
export function chartedRows<R>(table: Pick<DashboardTable, 'chart'>, rows: R[]): { rows: R[]; note: string | null } {
	const chart = table.chart;
	if (!chart || chart.kind === 'lines' || !chart.limit || rows.length <= chart.limit) return { rows, note: null };
	const label = chart.limitLabel ?? 'rows';
	return {
		rows: rows.slice(0, chart.limit),
		note: `The chart shows the ${chart.limit} ${label}, of ${rows.length.toLocaleString('en-GB')}. The table lists them all.`
	};
}

export type DashboardSummary = {
	activeUsers: number;
	chats: number;
	messages: number;
	answers: number;
	/** Share of answers that were rated, as a percentage with one decimal place. */
	feedbackRate: number;
	/** Times the personal-data guard held a message back (`warned` and `blocked` events). */
	personalDataWarnings: number;
	/** What people did about personal-data warnings: each guard event counted once. */
	personalDataOutcomes: { replaced: number; sentAnyway: number; blocked: number };
	totalTokens: number;
	energyWh: number;
	energyWhPer1kTokens: number;
	/** Drafts first approved in the range. */
	draftsApproved: number;
	/** Median hours from a draft's first review request to its approval; null when none were approved. */
	medianHoursToApproval: number | null;
};

/** The `table` name of the headline figures' CSV download. */
export const SUMMARY_EXPORT = 'summary';

/** One headline figure, with the same figure for the previous period of the same length. */
export type HeadlineFigure = {
	key: 'activeUsers' | 'chats' | 'answers' | 'draftsApproved' | 'personalDataWarnings' | 'evaluations' | 'feedbackRate';
	label: string;
	value: number;
	previous: number;
	/** `rate` figures are percentages and change in percentage points. */
	kind: 'count' | 'rate';
	change: { direction: 'up' | 'down' | 'same'; amount: number | null; words: string };
};
