/**
 * Queuing an evaluation run: the run's row and its background job. The job's handler lives in
 * `runner.ts` (registered at start-up); any instance may run it.
 */
import { enqueueJob } from '../../db/queries/jobs';
import { insertEvaluation, setEvaluationJob } from '../../db/queries/evaluations';
import type { AssistantEvaluation } from '../../db/schema';

export const EVALUATION_JOB = 'assistant-evaluation';
/** A model that is down fails the attempt; two more tries, then the run is failed with the reason. */
export const EVALUATION_JOB_ATTEMPTS = 3;

export async function queueEvaluation(input: {
	assistantId: string;
	assistantVersion: number;
	model: string;
	total: number;
	requestedBy: string | null;
	suite?: 'assistant' | 'inclusive-audit';
}): Promise<AssistantEvaluation> {
	const evaluation = await insertEvaluation({ ...input, suite: input.suite ?? 'assistant' });
	const job = await enqueueJob({
		kind: EVALUATION_JOB,
		payload: { evaluationId: evaluation.id },
		total: input.total,
		createdBy: input.requestedBy,
		maxAttempts: EVALUATION_JOB_ATTEMPTS
	});
	await setEvaluationJob(evaluation.id, job.id);
	return { ...evaluation, jobId: job.id };
}
