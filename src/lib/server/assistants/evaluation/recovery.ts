/**
 * Runs left behind by a server that stopped. The job queue already resumes a run whose server died while
 * attempts remain (another instance claims the stale job and carries on from the first case without a
 * result); a run that nothing will ever finish is failed here, with the reason, before anyone reads or
 * starts runs, so it never blocks a new run or shows as "running" for ever.
 */
import { getConfig } from '../../config';
import { failAbandonedEvaluations } from '../../db/queries/evaluations';
import { logger } from '../../observability/log';

/** Fails an assistant's abandoned runs (every assistant's when none is named); returns their ids. */
export async function recoverAbandonedRuns(assistantId?: string): Promise<string[]> {
	const ids = await failAbandonedEvaluations(assistantId ?? null, getConfig().operations.jobStaleSeconds);
	if (ids.length) logger().warn({ assistantId, evaluationIds: ids }, 'abandoned evaluation runs marked failed');
	return ids;
}
