/**
 * The builder's test pages (/assistants/[id]/tests…): the assistant's test cases as views, saving and
 * deleting a case from the form, queuing an evaluation run and reading runs back. Every function takes
 * the person and checks what they may do through the assistants service (others' assistants are 404).
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import type { IntakeQuestion } from '$lib/schemas/assistant';
import type { EvaluationResultView, EvaluationView, TestCaseView } from '$lib/schemas/evaluation';
import { MAX_TEST_CASES } from '$lib/schemas/evaluation';
import { parseCaseDraft, type CaseDraft } from '$lib/schemas/test-case-form';
import type { SessionUser } from '$lib/schemas/user';
import {
	countTestCases,
	deleteTestCase,
	findEvaluation,
	findTestCase,
	insertTestCase,
	listEvaluationResults,
	listEvaluations,
	listTestCases,
	updateTestCase
} from '../db/queries/evaluations';
import type { AssistantEvaluation, AssistantTestCase } from '../db/schema';
import { chatModels } from '../llm/chat-models';
import { queueEvaluation } from './evaluation/queue';
import type { Result } from './result';
import { getAssistant, type AssistantView } from './service';

/** The assistant the page is about, or a 404 for anything the person cannot see. */
export async function assistantForTests(event: RequestEvent, user: SessionUser): Promise<AssistantView> {
	const a = await getAssistant(user, event.params.id ?? '');
	if (!a) error(404, { message: 'Assistant not found', errorId: event.locals.requestId });
	return a;
}

/** What the person may do on the tests page. Built-ins' cases ship in files, so they are read-only. */
export function testPermissions(a: AssistantView) {
	return { editCases: a.can.edit && !a.builtin, run: a.can.edit };
}

export function caseView(row: AssistantTestCase): TestCaseView {
	return {
		id: row.id,
		name: row.name,
		request: row.request,
		answers: row.answers,
		expect: row.expect,
		builtin: row.builtinKey !== null
	};
}

export async function caseViews(assistantId: string): Promise<TestCaseView[]> {
	return (await listTestCases(assistantId)).map(caseView);
}

export async function findCaseView(assistantId: string, caseId: string): Promise<TestCaseView | undefined> {
	const row = await findTestCase(assistantId, caseId);
	return row && caseView(row);
}

/** A run without its results, for lists; `done` counts results recorded so far. */
export type EvaluationSummary = Omit<EvaluationView, 'results'> & { done: number };

function summary(row: AssistantEvaluation, done: number): EvaluationSummary {
	return {
		id: row.id,
		assistantId: row.assistantId,
		status: row.status,
		model: row.model,
		assistantVersion: row.assistantVersion,
		passRate: row.passRate,
		total: row.total,
		passedCount: row.passedCount,
		error: row.error,
		createdAt: row.createdAt.toISOString(),
		finishedAt: row.finishedAt?.toISOString() ?? null,
		done
	};
}

export async function evaluationSummaries(assistantId: string, limit = 20): Promise<EvaluationSummary[]> {
	const rows = await listEvaluations(assistantId, { limit });
	return rows.map((r) => summary(r, r.status === 'completed' ? r.total : 0));
}

export async function evaluationWithResults(
	row: AssistantEvaluation
): Promise<EvaluationSummary & { results: EvaluationResultView[] }> {
	const results = (await listEvaluationResults(row.id)).map((r) => ({
		testCaseId: r.testCaseId,
		name: r.name,
		passed: r.passed,
		reasons: r.reasons,
		output: r.output,
		asked: r.asked,
		rubric: r.rubric
	}));
	return { ...summary(row, results.length), results };
}

export async function findEvaluationWithResults(assistantId: string, evaluationId: string) {
	const row = await findEvaluation(assistantId, evaluationId);
	return row && evaluationWithResults(row);
}

/** Checks the case against the assistant's own questions, beyond what the schema can know. */
function questionErrors(d: CaseDraft, questions: readonly IntakeQuestion[]): Record<string, string> {
	const known = new Set(questions.map((q) => q.id));
	const errors: Record<string, string> = {};
	if (d.asks.some((id) => !known.has(id)) || d.mustNotAsk.some((id) => !known.has(id))) {
		errors.asks = 'Choose questions from this assistant’s questions';
	}
	const both = d.asks.find((id) => d.mustNotAsk.includes(id));
	if (both) {
		const label = questions.find((q) => q.id === both)?.label ?? both;
		errors.mustNotAsk = `“${label}” cannot be both a question it must ask and one it must not ask`;
	}
	return errors;
}

/** Saves a new case (no `caseId`) or changes one; errors are keyed by form field. */
export async function saveCase(
	user: SessionUser,
	a: AssistantView,
	draft: CaseDraft,
	caseId?: string
): Promise<Result<TestCaseView>> {
	if (!testPermissions(a).editCases) {
		return {
			ok: false,
			status: 403,
			message: a.builtin
				? 'Built-in assistants’ test cases ship with them and cannot be changed here'
				: 'You can see this assistant’s tests but not change them'
		};
	}
	const parsed = parseCaseDraft(draft);
	const errors = { ...(parsed.ok ? {} : parsed.errors), ...questionErrors(draft, a.intake.questions) };
	if (!parsed.ok || Object.keys(errors).length) {
		return { ok: false, status: 400, message: 'Check the test case', fieldErrors: errors };
	}
	if (caseId) {
		const row = await updateTestCase(a.id, caseId, parsed.input);
		if (!row) return { ok: false, status: 404, message: 'Test case not found' };
		return { ok: true, value: caseView(row) };
	}
	if ((await countTestCases(a.id)) >= MAX_TEST_CASES) {
		return {
			ok: false,
			status: 409,
			message: `An assistant can have up to ${MAX_TEST_CASES} test cases: delete one before adding another`
		};
	}
	return { ok: true, value: caseView(await insertTestCase(a.id, parsed.input, user.id)) };
}

export async function removeCase(a: AssistantView, caseId: string): Promise<Result<null>> {
	if (!testPermissions(a).editCases) {
		return { ok: false, status: 403, message: 'You cannot delete this assistant’s test cases' };
	}
	if (!(await deleteTestCase(a.id, caseId))) return { ok: false, status: 404, message: 'Test case not found' };
	return { ok: true, value: null };
}

/** The models a person may choose for a run (the first is the default). */
export async function evaluationModels(): Promise<{ id: string; label: string }[]> {
	return (await chatModels()).map((m) => ({ id: m.id, label: m.label }));
}

/** Queues a run of every case of the assistant's current version. */
export async function startEvaluation(
	user: SessionUser,
	a: AssistantView,
	model: string | undefined
): Promise<Result<{ id: string }>> {
	if (!testPermissions(a).run) {
		return { ok: false, status: 403, message: 'Only people who can edit this assistant can run its tests' };
	}
	const models = await chatModels();
	if (!models.length) {
		return { ok: false, status: 409, message: 'No language model is set up, so the tests cannot run yet' };
	}
	const chosen = model
		? models.find((m) => m.id === model)
		: (models.find((m) => m.id === a.defaultModel) ?? models[0]);
	if (!chosen)
		return {
			ok: false,
			status: 400,
			message: 'Choose one of the models listed',
			fieldErrors: { model: 'Choose one of the models listed' }
		};
	const total = await countTestCases(a.id);
	if (total === 0) {
		return { ok: false, status: 409, message: 'Add a test case before running an evaluation' };
	}
	const run = await queueEvaluation({
		assistantId: a.id,
		assistantVersion: a.version,
		model: chosen.id,
		total,
		requestedBy: user.id
	});
	return { ok: true, value: { id: run.id } };
}
