/**
 * The dashboard's headline figures, each beside the same figure for the previous period of the same
 * length (30 days against the 30 days before them), and the CSV of them.
 */
import { daysInRange, previousRange, type DateRange, type HeadlineFigure } from '$lib/schemas/dashboard';
import { countChange, rateChange } from '$lib/utils/period-change';
import * as metrics from '../db/queries/metrics';
import { evaluationTotals } from '../db/queries/evaluation-metrics';
import { approvalTotals } from './dashboard-approvals';

type Figures = Record<HeadlineFigure['key'], number>;

const LABELS: { key: HeadlineFigure['key']; label: string; kind: HeadlineFigure['kind'] }[] = [
	{ key: 'activeUsers', label: 'People active', kind: 'count' },
	{ key: 'chats', label: 'Chats started', kind: 'count' },
	{ key: 'answers', label: 'Answers written', kind: 'count' },
	{ key: 'feedbackRate', label: 'Answers rated', kind: 'rate' },
	{ key: 'draftsApproved', label: 'Drafts approved', kind: 'count' },
	{ key: 'personalDataWarnings', label: 'Personal-data warnings', kind: 'count' },
	{ key: 'evaluations', label: 'Test runs completed', kind: 'count' }
];

function ratePercent(part: number, whole: number): number {
	return whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0;
}

/** The headline figures for one range. */
export async function periodFigures(range: DateRange): Promise<Figures> {
	const [activity, guard, approvals, evaluations, feedback] = await Promise.all([
		metrics.activityTotals(range),
		metrics.personalDataTotals(range),
		approvalTotals(range),
		evaluationTotals(range),
		metrics.feedbackByAssistant(range)
	]);
	const answered = feedback.reduce((n, r) => n + r.answers, 0);
	const rated = feedback.reduce((n, r) => n + r.rated, 0);
	return {
		activeUsers: activity.activeUsers,
		chats: activity.chats,
		answers: activity.answers,
		feedbackRate: ratePercent(rated, answered),
		draftsApproved: approvals.draftsApproved,
		personalDataWarnings: guard.warnings,
		evaluations: evaluations.runs
	};
}

/** Compares two sets of figures for periods of `days` days. Pure. */
export function compareFigures(current: Figures, previous: Figures, days: number): HeadlineFigure[] {
	return LABELS.map(({ key, label, kind }) => ({
		key,
		label,
		kind,
		value: current[key],
		previous: previous[key],
		change: (kind === 'rate' ? rateChange : countChange)(current[key], previous[key], days)
	}));
}

export async function headlineFigures(range: DateRange): Promise<HeadlineFigure[]> {
	const [current, previous] = await Promise.all([periodFigures(range), periodFigures(previousRange(range))]);
	return compareFigures(current, previous, daysInRange(range));
}

/** The headline figures as CSV rows: figure, this period, previous period, change in words. */
export function headlineCsv(
	range: DateRange,
	figures: HeadlineFigure[]
): { header: string[]; rows: (string | number)[][] } {
	const before = previousRange(range);
	return {
		header: [
			'Figure',
			`${range.from} to ${range.to}`,
			`${before.from} to ${before.to}`,
			'Change',
			'Change (% or percentage points)'
		],
		rows: figures.map((f) => [
			f.kind === 'rate' ? `${f.label} (%)` : f.label,
			f.value,
			f.previous,
			f.change.words,
			f.change.amount === null ? '' : f.change.direction === 'down' ? -f.change.amount : f.change.amount
		])
	};
}
