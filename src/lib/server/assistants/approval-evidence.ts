/**
 * What the approval screen shows beside each assistant awaiting approval: the latest finished
 * evaluation of that version, the latest finished evaluation of an earlier version (the one people
 * use today), their cases side by side, and any run of this version still going.
 */
import { compareRuns, type ComparedRun, type ComparisonRow } from '$lib/utils/evaluation-compare';
import { latestCompletedEvaluation, listEvaluations } from '../db/queries/evaluations';
import type { AssistantEvaluation } from '../db/schema';
import { recoverAbandonedRuns } from './evaluation/recovery';
import { evaluationView } from './evaluation/views';

export type EvidenceRun = ComparedRun & { id: string; model: string; finishedAt: string | null };

export type ApprovalEvidence = {
	current: EvidenceRun | null;
	previous: EvidenceRun | null;
	/** A run of this version that has not finished yet. */
	inProgress: { id: string } | null;
	rows: ComparisonRow[];
};

async function evidenceRun(row: AssistantEvaluation | undefined): Promise<EvidenceRun | null> {
	if (!row) return null;
	const view = await evaluationView(row);
	return {
		id: view.id,
		model: view.model,
		assistantVersion: view.assistantVersion,
		passRate: view.passRate,
		passedCount: view.passedCount,
		total: view.total,
		finishedAt: view.finishedAt,
		// Outputs stay on the tests page: the comparison needs outcomes and reasons only.
		results: view.results.map((r) => ({ testCaseId: r.testCaseId, name: r.name, passed: r.passed, reasons: r.reasons }))
	};
}

/**
 * The evidence for approving `version`: its newest completed run (the very run the approval gate
 * accepts, however many runs came after it) beside the run of the version people use today (the live
 * version) or, with none, the newest completed run of any earlier version.
 */
export async function approvalEvidence(
	assistantId: string,
	version: number,
	liveVersion: number | null = null
): Promise<ApprovalEvidence> {
	await recoverAbandonedRuns(assistantId);
	const live = liveVersion !== null && liveVersion < version ? liveVersion : null;
	const [currentRow, liveRow, earlierRow, recent] = await Promise.all([
		latestCompletedEvaluation(assistantId, version),
		live === null ? undefined : latestCompletedEvaluation(assistantId, live),
		latestCompletedEvaluation(assistantId, version, 'before'),
		listEvaluations(assistantId, { version, limit: 5 })
	]);
	const [current, previous] = await Promise.all([evidenceRun(currentRow), evidenceRun(liveRow ?? earlierRow)]);
	const going = recent.find((r) => r.status === 'queued' || r.status === 'running');
	return {
		current,
		previous,
		inProgress: going ? { id: going.id } : null,
		rows: current ? compareRuns(current, previous) : []
	};
}
