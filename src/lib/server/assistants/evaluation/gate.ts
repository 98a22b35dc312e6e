/**
 * The approval gate: a version of an assistant shared with the organisation is approved only once an
 * evaluation of that very version has completed. Also what the approval screen shows beside it: that
 * run and the latest completed run of the version before.
 */
import type { EvaluationView } from '$lib/schemas/evaluation';
import { latestCompletedEvaluation } from '../../db/queries/evaluations';
import { evaluationView } from './views';

/** The 409 message when `version` has no completed evaluation, or null when it may be approved. */
export async function approvalBlockedReason(assistantId: string, version: number): Promise<string | null> {
	if (await latestCompletedEvaluation(assistantId, version)) return null;
	return `Run an evaluation of version ${version} before approving it`;
}

/** The latest completed evaluation of one version, with its results, or null. */
export async function latestCompletedEvaluationView(
	assistantId: string,
	version: number
): Promise<EvaluationView | null> {
	const row = await latestCompletedEvaluation(assistantId, version);
	return row ? evaluationView(row) : null;
}

/**
 * For the approval screen: the latest completed evaluation of `version` and of the version before it
 * (each null when there is none), to show side by side.
 */
export async function approvalEvaluations(
	assistantId: string,
	version: number
): Promise<{ current: EvaluationView | null; previous: EvaluationView | null }> {
	const [current, previous] = await Promise.all([
		latestCompletedEvaluationView(assistantId, version),
		version > 1 ? latestCompletedEvaluationView(assistantId, version - 1) : Promise.resolve(null)
	]);
	return { current, previous };
}
