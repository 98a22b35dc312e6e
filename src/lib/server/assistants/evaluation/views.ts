/** Stored test cases and runs as the API and pages show them. */
import type { EvaluationResultView, EvaluationView, TestCaseView } from '$lib/schemas/evaluation';
import { listEvaluationResults } from '../../db/queries/evaluations';
import type { AssistantEvaluation, AssistantEvaluationResult, AssistantTestCase } from '../../db/schema';

export function testCaseView(row: AssistantTestCase): TestCaseView {
	return {
		id: row.id,
		name: row.name,
		request: row.request,
		answers: row.answers,
		expect: row.expect,
		builtin: row.builtinKey !== null
	};
}

export function resultView(row: AssistantEvaluationResult): EvaluationResultView {
	return {
		testCaseId: row.testCaseId,
		name: row.name,
		passed: row.passed,
		reasons: row.reasons,
		output: row.output,
		asked: row.asked,
		rubric: row.rubric ?? null
	};
}

/** A run without its results (lists). */
export type EvaluationSummary = Omit<EvaluationView, 'results'> & { suite: string };

export function evaluationSummary(row: AssistantEvaluation): EvaluationSummary {
	return {
		id: row.id,
		assistantId: row.assistantId,
		suite: row.suite,
		status: row.status,
		model: row.model,
		assistantVersion: row.assistantVersion,
		passRate: row.passRate,
		total: row.total,
		passedCount: row.passedCount,
		error: row.error,
		createdAt: row.createdAt.toISOString(),
		finishedAt: row.finishedAt?.toISOString() ?? null
	};
}

/** A run with every case's result, in case order. */
export async function evaluationView(row: AssistantEvaluation): Promise<EvaluationView & { suite: string }> {
	const results = await listEvaluationResults(row.id);
	return { ...evaluationSummary(row), results: results.map(resultView) };
}
