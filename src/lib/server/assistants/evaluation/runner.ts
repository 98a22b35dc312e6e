/**
 * The evaluation job (EVALUATION_JOB on the shared PostgreSQL queue): runs every case of one run in
 * order, recording each result as it finishes, so a run taken over by another instance (or retried
 * after the model failed) carries on from the first case without a result. When the model is still
 * failing after the job's attempts, or says it will never work (an unknown model), the run is failed
 * with the reason; otherwise it completes with its pass rate.
 */
import { formatDateTime } from '$lib/utils/dates';
import type { Job } from '../../db/schema';
import { findAssistant, findAssistantVersion } from '../../db/queries/assistants';
import {
	activeEvaluation,
	finishEvaluation,
	findEvaluationById,
	findTestCase,
	listEvaluationResults,
	listTestCases,
	markEvaluationRunning,
	recordEvaluationResult
} from '../../db/queries/evaluations';
import type { AssistantEvaluation } from '../../db/schema';
import { registerJobKind, type JobContext } from '../../jobs/registry';
import { ChatModelError, chatModels } from '../../llm/chat-models';
import { errorFields, logger } from '../../observability/log';
import type { Result } from '../result';
import { runCase, type CaseToRun } from './case-run';
import { INCLUSIVE_AUDIT_FILE, INCLUSIVE_AUDIT_SUITE, readInclusiveAuditCases } from './inclusive-audit';
import { resolveEvaluationModel } from './models';
import { recoverAbandonedRuns } from './recovery';
import { EVALUATION_JOB, queueEvaluation } from './queue';

let auditFile = INCLUSIVE_AUDIT_FILE;

/** Tests point the inclusive-language audit at a small fixture file (undefined restores the real one). */
export function useInclusiveAuditFile(file: string | undefined): void {
	auditFile = file ?? INCLUSIVE_AUDIT_FILE;
}

/** The audit's cases, each also checked against the inclusive-language rules. */
async function inclusiveAuditCases(): Promise<CaseToRun[]> {
	return (await readInclusiveAuditCases(auditFile)).map((c) => {
		const categories = new Set([...(c.expect.draftChecksPass ?? []), 'inclusive' as const]);
		return {
			id: null,
			name: `${c.audience}: ${c.name}`,
			request: c.request,
			answers: c.answers,
			expect: { ...c.expect, draftChecksPass: [...categories] }
		};
	});
}

async function casesOf(evaluation: AssistantEvaluation): Promise<CaseToRun[]> {
	if (evaluation.suite === INCLUSIVE_AUDIT_SUITE) return inclusiveAuditCases();
	return (await listTestCases(evaluation.assistantId)).map((c) => ({
		id: c.id,
		name: c.name,
		request: c.request,
		answers: c.answers,
		expect: c.expect
	}));
}

/** A saved case as it stands now, or undefined when it has been deleted. */
async function currentCase(assistantId: string, id: string): Promise<CaseToRun | undefined> {
	const c = await findTestCase(assistantId, id);
	return c && { id: c.id, name: c.name, request: c.request, answers: c.answers, expect: c.expect };
}

/** Why a run failed, in words for the builder: the model's own failure, or a general one. */
export function failureReason(evaluation: AssistantEvaluation, e: unknown, attempts: number): string {
	if (e instanceof ChatModelError) {
		const tries = attempts === 1 ? 'once' : `${attempts} times`;
		return `The model "${evaluation.model}" failed (tried ${tries}): ${e.message}`;
	}
	return 'The evaluation stopped because of an unexpected error. Run it again, or ask for support.';
}

/**
 * Runs a run's cases that have no result yet, then completes it. Throws when the model fails (the
 * job handler decides between trying again and failing the run); `npm run eval:assistants` calls it directly.
 */
export async function runCases(evaluation: AssistantEvaluation, context: Pick<JobContext, 'progress'>): Promise<void> {
	const definition = await findAssistantVersion(evaluation.assistantId, evaluation.assistantVersion);
	if (!definition) {
		return finishEvaluation(evaluation.id, 'failed', `Version ${evaluation.assistantVersion} of the assistant is gone`);
	}
	const cases = await casesOf(evaluation);
	if (!cases.length) return finishEvaluation(evaluation.id, 'failed', 'There are no test cases to run');
	const recorded = await listEvaluationResults(evaluation.id);
	const doneIds = new Set(recorded.map((r) => r.testCaseId).filter(Boolean));
	const donePositions = new Set(recorded.map((r) => r.position));
	let done = recorded.length;
	await context.progress(done, cases.length);
	const assistant = { id: evaluation.assistantId, version: evaluation.assistantVersion, definition };
	let total = cases.length;
	for (const [position, listed] of cases.entries()) {
		if (listed.id ? doneIds.has(listed.id) : donePositions.has(position)) continue;
		// A case deleted since the list was read is skipped (a run counts the cases that still exist);
		// one changed meanwhile runs as it now stands.
		const testCase = listed.id ? await currentCase(evaluation.assistantId, listed.id) : listed;
		const result = testCase && (await runCase({ assistant, testCase, model: evaluation.model }));
		if (!result || !(await recordEvaluationResult(evaluation.id, { ...result, position }))) {
			await context.progress(done, --total);
			continue;
		}
		await context.progress(++done, total);
	}
	if (done === 0) return finishEvaluation(evaluation.id, 'failed', 'Every test case was deleted while the run went on');
	await finishEvaluation(evaluation.id, 'completed');
}

/** Runs (or resumes) one evaluation; throws to have the queue try again while attempts remain. */
export async function runEvaluationJob(job: Job, context: JobContext): Promise<void> {
	const evaluation = await findEvaluationById(String(job.payload.evaluationId ?? ''));
	if (!evaluation || evaluation.status === 'completed' || evaluation.status === 'failed') return;
	const log = logger().child({ evaluationId: evaluation.id, jobId: job.id, attempt: job.attempts });
	// Failed as abandoned since it was read: a run that has ended is never started again.
	if (!(await markEvaluationRunning(evaluation.id))) return;
	try {
		await runCases(evaluation, context);
	} catch (e) {
		const hopeless = e instanceof ChatModelError && !e.retryable;
		if (!hopeless && job.attempts < job.maxAttempts) {
			log.warn(errorFields(e), 'evaluation attempt failed; it will be tried again');
			throw e;
		}
		log.warn(errorFields(e), 'evaluation failed');
		await finishEvaluation(evaluation.id, 'failed', failureReason(evaluation, e, job.attempts));
	}
}

registerJobKind(EVALUATION_JOB, runEvaluationJob);

/** What to do when no model is set up, said for the audit (the administrator is the one who can fix it). */
export const AUDIT_NO_MODEL_MESSAGE =
	'No language model is set up, so the audit cannot run. Connect one on Admin › Models (or set CHAT_MODELS ' +
	'and restart the service), then start the audit again.';

/**
 * Queues the inclusive-language audit (the cases in prompts/evaluations/inclusive-audit.cases.yaml)
 * against the current version of a published assistant shared with the organisation (the only ones an
 * administrator may audit). The caller decides who may (the admin dashboard). Each refusal names the
 * form field it is about and says what to do.
 */
export async function queueInclusiveAudit(input: {
	assistantId: string;
	model?: string;
	requestedBy: string | null;
}): Promise<Result<AssistantEvaluation>> {
	const assistant = await findAssistant(input.assistantId);
	// Only assistants shared with the organisation: a person's own or a team's assistant (and its
	// outputs) stays theirs, administrators included.
	if (!assistant || assistant.visibility !== 'organisation' || assistant.status !== 'published') {
		const message =
			'That assistant cannot be audited: it has been deleted, or is no longer published and shared with the organisation. Choose one from the list.';
		return { ok: false, status: 404, message, fieldErrors: { assistantId: message } };
	}
	// An audit left behind by a server that stopped must not block a new one.
	await recoverAbandonedRuns(assistant.id);
	const running = await activeEvaluation(assistant.id, 30, INCLUSIVE_AUDIT_SUITE);
	if (running) {
		const message = `An audit of ${assistant.name} is already in progress: it started on ${formatDateTime(running.createdAt.toISOString())} (UTC). Wait for it to finish, then start another, or choose a different assistant.`;
		return { ok: false, status: 409, message, fieldErrors: { assistantId: message } };
	}
	if ((await chatModels()).length === 0) {
		return {
			ok: false,
			status: 409,
			message: AUDIT_NO_MODEL_MESSAGE,
			fieldErrors: { model: AUDIT_NO_MODEL_MESSAGE }
		};
	}
	const model = await resolveEvaluationModel(input.model, assistant.defaultModel);
	if (!model.ok) return { ...model, fieldErrors: { model: model.message } };
	const cases = await inclusiveAuditCases();
	const evaluation = await queueEvaluation({
		assistantId: assistant.id,
		assistantVersion: assistant.version,
		model: model.value,
		total: cases.length,
		requestedBy: input.requestedBy,
		suite: INCLUSIVE_AUDIT_SUITE
	});
	return { ok: true, value: evaluation };
}
