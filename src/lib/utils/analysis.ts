import type { AnalysisResponseItem, AnalysisStatusName } from '$lib/schemas/analysis';

/** The theme filter for the responses no theme took. */
export const UNASSIGNED = 'unassigned';

/** GET /api/analyses/{id}/responses: one page of responses and how many there are in all. */
export type AnalysisResponsesPage = { responses: AnalysisResponseItem[]; total: number };

/** Whether the analysis is still waiting or running (and its page keeps polling). */
export const isAnalysisActive = (view: { status: AnalysisStatusName }) =>
	view.status === 'queued' || view.status === 'running';

/** A count as a share of all responses, in words: "23%", "less than 1%" for a few in many, "0%" for none. */
export function shareWords(count: number, total: number): string {
	if (!total || count <= 0) return '0%';
	const percent = (count / total) * 100;
	if (percent < 1) return 'less than 1%';
	return `${Math.round(percent)}%`;
}
