/**
 * Pass rates by assistant over the dashboard's range: each assistant's latest pass rate, the latest for
 * each version, and how it moved from the first run in the range to the latest. Built from completed runs
 * of the assistants' own test cases.
 */
import type { DashboardTable, DateRange } from '$lib/schemas/dashboard';
import { completedRunsBetween, type CompletedRun } from '../db/queries/evaluation-metrics';

export type AssistantPassRate = {
	assistantId: string;
	name: string;
	runs: number;
	latest: { passRate: number; version: number; model: string; finishedAt: string };
	first: { passRate: number; finishedAt: string };
	/** Latest minus first, in percentage points (0 with a single run). */
	changePoints: number;
	/** The latest run of each version, newest version first. */
	versions: { version: number; passRate: number; runs: number }[];
};

/** The bar chart draws the assistants most in need of attention; the table keeps them all. */
const PASS_RATE_BARS = 12;

/** A 0-to-1 rate as a percentage with one decimal place. */
export const asPercent = (rate: number): number => Math.round(rate * 1000) / 10;

/** Groups completed runs (oldest first) by assistant; assistants with the lowest latest pass rate first. */
export function passRatesByAssistant(runs: CompletedRun[]): AssistantPassRate[] {
	const byAssistant = new Map<string, CompletedRun[]>();
	for (const run of runs) byAssistant.set(run.assistantId, [...(byAssistant.get(run.assistantId) ?? []), run]);
	const rates = [...byAssistant.values()].map((list): AssistantPassRate => {
		const first = list[0];
		const latest = list[list.length - 1];
		const versions = new Map<number, { version: number; passRate: number; runs: number }>();
		for (const run of list) {
			const seen = versions.get(run.assistantVersion);
			versions.set(run.assistantVersion, {
				version: run.assistantVersion,
				passRate: run.passRate,
				runs: (seen?.runs ?? 0) + 1
			});
		}
		return {
			assistantId: latest.assistantId,
			name: latest.assistantName,
			runs: list.length,
			latest: {
				passRate: latest.passRate,
				version: latest.assistantVersion,
				model: latest.model,
				finishedAt: latest.finishedAt
			},
			first: { passRate: first.passRate, finishedAt: first.finishedAt },
			changePoints: Math.round((asPercent(latest.passRate) - asPercent(first.passRate)) * 10) / 10,
			versions: [...versions.values()].sort((a, b) => b.version - a.version)
		};
	});
	return rates.sort((a, b) => a.latest.passRate - b.latest.passRate || a.name.localeCompare(b.name));
}

function trendWords(rate: AssistantPassRate): string {
	if (rate.runs === 1) return 'One run in these dates';
	const points = Math.abs(rate.changePoints);
	if (points === 0) return `No change over ${rate.runs} runs`;
	const unit = points === 1 ? 'percentage point' : 'percentage points';
	return `${rate.changePoints > 0 ? 'Up' : 'Down'} ${points.toLocaleString('en-GB')} ${unit} over ${rate.runs} runs`;
}

/** The dashboard table (and CSV) of pass rates by assistant. */
export async function passRatesTable(range: DateRange): Promise<DashboardTable> {
	const rates = passRatesByAssistant(await completedRunsBetween(range));
	return {
		id: 'pass-rates',
		title: 'Test pass rates by assistant',
		description:
			"Each assistant's latest pass rate on its own test cases in these dates, the latest for each version, and the change from the first run in these dates to the latest. Lowest first.",
		columns: [
			{ key: 'assistant', label: 'Assistant', hrefKey: 'href' },
			{ key: 'latest', label: 'Latest pass rate (%)', numeric: true },
			{ key: 'version', label: 'Version', numeric: true },
			{ key: 'byVersion', label: 'By version (latest run)' },
			{ key: 'first', label: 'First pass rate in these dates (%)', numeric: true },
			{ key: 'change', label: 'Change (percentage points)', numeric: true },
			{ key: 'trend', label: 'Trend' },
			{ key: 'latestRun', label: 'Latest run', date: true }
		],
		rows: rates.map((r) => ({
			assistant: r.name,
			href: `/assistants/${r.assistantId}/tests`,
			latest: asPercent(r.latest.passRate),
			version: r.latest.version,
			byVersion: r.versions.map((v) => `version ${v.version}: ${asPercent(v.passRate)}%`).join('; '),
			first: asPercent(r.first.passRate),
			change: r.changePoints,
			trend: trendWords(r),
			latestRun: r.latest.finishedAt.slice(0, 10)
		})),
		chart: {
			labelKey: 'assistant',
			valueKey: 'latest',
			unit: '%',
			limit: PASS_RATE_BARS,
			limitLabel: 'assistants with the lowest latest pass rates'
		}
	};
}
