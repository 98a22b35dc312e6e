/**
 * The approval gate: a version of an assistant shared with the organisation is approved only once an
 * evaluation of that very version has completed. Also what the approval screen shows beside it: that
 * run and the latest completed run of the version before.
 */
import type { EvaluationView } from '$lib/schemas/evaluation';
import { latestCompletedEvaluation, listEvaluatedVersions } from '../../db/queries/evaluations';
import { evaluationView } from './views';

/** The 409 message when `version` has no completed evaluation, or null when it may be approved. */
export async function approvalBlockedReason(assistantId: string, version: number): Promise<string | null> {
	if (await latestCompletedEvaluation(assistantId, version)) return null;
	return `Run an evaluation of version ${version} before approving it`;
}

/** How a list of version numbers reads in a sentence: "2", "2 and 4", "1, 2 and 4". */
function versionList(versions: number[]): string {
	if (versions.length < 2) return versions.join('');
	return `${versions.slice(0, -1).join(', ')} and ${versions[versions.length - 1]}`;
}

/**
 * The 409 message when an administrator's rollback would put `version` back in front of everyone
 * without a completed evaluation of it, or null when it may go live (with the run it relies on).
 */
export async function rollbackBlockedReason(
	assistantId: string,
	version: number,
	current: number
): Promise<{ blocked: string; evaluationId?: never } | { blocked: null; evaluationId: string }> {
	const run = await latestCompletedEvaluation(assistantId, version);
	if (run) return { blocked: null, evaluationId: run.id };
	const evaluated = (await listEvaluatedVersions(assistantId)).filter((v) => v !== version && v !== current);
	const instead = evaluated.length
		? `Roll back to a version that has one (${evaluated.length === 1 ? 'version' : 'versions'} ${versionList(evaluated)}), or`
		: 'No version of it has a completed evaluation yet:';
	return {
		blocked: `Version ${version} has no completed evaluation, so it cannot go back in front of everyone untested. ${instead} save your change as a new version, run its tests from the Tests page and approve it.`
	};
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
