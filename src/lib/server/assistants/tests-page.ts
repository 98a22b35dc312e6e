/**
 * The builder's test pages (/assistants/[id]/tests…) over the evaluation service: the page's view of
 * the assistant, and the service's results turned into what a form action returns. Access is the
 * service's (whoever may edit the assistant, and the administrators who approve it).
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import type { EvaluationView, TestCaseView } from '$lib/schemas/evaluation';
import { bodyFromCaseDraft, caseFormErrors, type CaseDraft } from '$lib/schemas/test-case-form';
import type { SessionUser } from '$lib/schemas/user';
import { chatModels } from '../llm/chat-models';
import type { Result } from './result';
import { getAssistant, type AssistantView } from './service';
import {
	createCaseFor,
	deleteCaseFor,
	getCaseFor,
	getEvaluationFor,
	listCasesFor,
	listEvaluationsFor,
	startEvaluationFor,
	updateCaseFor
} from './evaluation/service';
import type { EvaluationSummary } from './evaluation/views';

/** A service refusal as the page's error: 404 for what the person cannot see, 403 for what they may not do. */
export function pageError(event: RequestEvent, result: { status: number; message: string }): never {
	error(result.status === 403 ? 403 : 404, { message: result.message, errorId: event.locals.requestId });
}

/** The assistant the page is about, or a 404 for anything the person cannot see. */
export async function assistantForTests(event: RequestEvent, user: SessionUser): Promise<AssistantView> {
	const a = await getAssistant(user, event.params.id ?? '');
	if (!a) error(404, { message: 'Assistant not found', errorId: event.locals.requestId });
	return a;
}

/** Cases that ship with a built-in are read-only; people who may edit the assistant add their own beside them. */
export function testPermissions(a: AssistantView) {
	return { editCases: a.can.edit, run: a.can.edit || a.can.approve };
}

export type TestsPageData = { cases: TestCaseView[]; runs: EvaluationSummary[] };

export async function testsPageData(event: RequestEvent, user: SessionUser, a: AssistantView): Promise<TestsPageData> {
	const [cases, runs] = await Promise.all([listCasesFor(user, a.id), listEvaluationsFor(user, a.id)]);
	if (!cases.ok) pageError(event, cases);
	if (!runs.ok) pageError(event, runs);
	return { cases: cases.value.testCases, runs: runs.value.evaluations };
}

export async function findCase(event: RequestEvent, user: SessionUser, a: AssistantView): Promise<TestCaseView> {
	const found = await getCaseFor(user, a.id, event.params.caseId ?? '');
	if (!found.ok) pageError(event, found);
	return found.value;
}

/** Checks only the form can know about: a question both required and ruled out. */
function formOnlyErrors(d: CaseDraft, a: AssistantView): Record<string, string> {
	const both = d.asks.find((id) => d.mustNotAsk.includes(id));
	if (!both) return {};
	const label = a.intake.questions.find((q) => q.id === both)?.label ?? both;
	return { mustNotAsk: `“${label}” cannot be both a question it must ask and one it must not ask` };
}

export type CaseFormResult =
	{ ok: true; value: TestCaseView } | { ok: false; status: number; errors: Record<string, string> };

/** Saves a new case (no `caseId`) or replaces one; errors come back keyed by form field. */
export async function saveCase(
	event: RequestEvent,
	user: SessionUser,
	a: AssistantView,
	draft: CaseDraft,
	caseId?: string
): Promise<CaseFormResult> {
	const own = formOnlyErrors(draft, a);
	if (Object.keys(own).length) return { ok: false, status: 400, errors: own };
	const body = bodyFromCaseDraft(draft);
	const result = caseId ? await updateCaseFor(user, a.id, caseId, body) : await createCaseFor(user, a.id, body);
	if (result.ok) return result;
	if (result.status === 404) pageError(event, result);
	const errors = result.fieldErrors ? caseFormErrors(result.fieldErrors) : { form: result.message };
	return { ok: false, status: result.status, errors };
}

export async function removeCase(user: SessionUser, a: AssistantView, caseId: string): Promise<Result<null>> {
	return deleteCaseFor(user, a.id, caseId);
}

/** The models a person may choose for a run. */
export async function evaluationModels(): Promise<{ id: string; label: string }[]> {
	return (await chatModels()).map((m) => ({ id: m.id, label: m.label }));
}

export async function startEvaluation(
	user: SessionUser,
	a: AssistantView,
	model: string | undefined
): Promise<Result<{ id: string }>> {
	return startEvaluationFor(user, a.id, model ? { model } : {});
}

export async function findEvaluationView(
	event: RequestEvent,
	user: SessionUser,
	a: AssistantView
): Promise<EvaluationView> {
	const found = await getEvaluationFor(user, a.id, event.params.evaluationId ?? '');
	if (!found.ok) pageError(event, found);
	return found.value;
}
