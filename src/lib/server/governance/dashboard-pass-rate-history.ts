/**
 * Pass rates by assistant over time: every completed run of each assistant's own test cases, one line
 * per assistant. When no run finished in the dashboard's dates the table falls back to every run so far
 * (and says so), so a quiet month never hides how the assistants have been doing.
 */
import type { DashboardTable, DateRange } from '$lib/schemas/dashboard';
import { completedRunsBetween, type CompletedRun } from '../db/queries/evaluation-metrics';
import { asPercent } from './dashboard-pass-rates';

export type PassRatePoint = { finishedAt: string; passRate: number; version: number; passed: number; total: number };
export type PassRateSeries = { assistantId: string; name: string; points: PassRatePoint[] };

/** Completed runs (oldest first) as one series per assistant, points oldest first, assistants by name. */
export function passRateSeries(runs: CompletedRun[]): PassRateSeries[] {
	const byAssistant = new Map<string, PassRateSeries>();
	for (const run of runs) {
		const series = byAssistant.get(run.assistantId) ?? { assistantId: run.assistantId, name: '', points: [] };
		series.name = run.assistantName;
		series.points.push({
			finishedAt: run.finishedAt,
			passRate: asPercent(run.passRate),
			version: run.assistantVersion,
			passed: run.passedCount,
			total: run.total
		});
		byAssistant.set(run.assistantId, series);
	}
	for (const series of byAssistant.values()) series.points.sort((a, b) => a.finishedAt.localeCompare(b.finishedAt));
	return [...byAssistant.values()].sort(
		(a, b) => a.name.localeCompare(b.name) || a.assistantId.localeCompare(b.assistantId)
	);
}

const DESCRIPTION =
	"Each assistant's pass rate on its own test cases at every completed run, one line per assistant (0 to 100%).";

/** The dashboard table (chart, table and CSV) of each run's pass rate, built from series. */
export function passRateHistoryTable(series: PassRateSeries[], scope: 'range' | 'all-time'): DashboardTable {
	return {
		id: 'pass-rate-history',
		title: 'Test pass rates over time',
		description:
			scope === 'all-time'
				? `${DESCRIPTION} No runs finished in these dates, so this shows every run so far.`
				: `${DESCRIPTION} Runs that finished in these dates.`,
		empty: "No assistant's tests have been run yet. Run them from an assistant's Tests page to see its pass rate here.",
		columns: [
			{ key: 'assistant', label: 'Assistant', hrefKey: 'href' },
			{ key: 'day', label: 'Run finished', date: true },
			{ key: 'passRate', label: 'Pass rate (%)', numeric: true },
			{ key: 'passed', label: 'Cases passed', numeric: true },
			{ key: 'total', label: 'Cases', numeric: true },
			{ key: 'version', label: 'Version', numeric: true }
		],
		rows: series.flatMap((s) =>
			s.points.map((p) => ({
				assistant: s.name,
				assistantId: s.assistantId,
				href: `/assistants/${s.assistantId}/tests`,
				day: p.finishedAt.slice(0, 10),
				at: p.finishedAt,
				passRate: p.passRate,
				passed: p.passed,
				total: p.total,
				version: p.version
			}))
		),
		chart: {
			kind: 'lines',
			labelKey: 'day',
			valueKey: 'passRate',
			seriesKey: 'assistantId',
			seriesLabelKey: 'assistant',
			xKey: 'at',
			unit: '%'
		}
	};
}

/** Pass rates over the dashboard's dates, or over all time when no run finished in them. */
export async function passRateHistory(range: DateRange): Promise<DashboardTable> {
	const inRange = await completedRunsBetween(range);
	if (inRange.length) return passRateHistoryTable(passRateSeries(inRange), 'range');
	return passRateHistoryTable(passRateSeries(await completedRunsBetween(null)), 'all-time');
}
