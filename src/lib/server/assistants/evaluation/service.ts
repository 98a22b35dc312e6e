/**
 * Test cases and evaluation runs as people reach them: access first (an assistant a person cannot see
 * is 404; one they can see but not edit or approve is 403), then validation, then the queries.
 *
 * - Reading cases and runs, and starting a run: whoever may edit the assistant, and the administrators
 *   who approve it.
 * - Adding, changing and removing cases: whoever may edit the assistant. Cases that ship with a
 *   built-in assistant (prompts/assistants/<key>.cases.yaml) are read-only here: the file is their
 *   source and start-up would put them back. Administrators may add their own cases beside them.
 */
import type { Intake } from '$lib/schemas/assistant';
import {
	MAX_TEST_CASES,
	evaluationRequestSchema,
	testCaseInputSchema,
	type TestCaseInput,
	type TestCaseView
} from '$lib/schemas/evaluation';
import type { SessionUser } from '$lib/schemas/user';
import {
	activeEvaluation,
	countTestCases,
	deleteTestCase,
	findEvaluation,
	findTestCase,
	insertTestCase,
	listEvaluations,
	listTestCases,
	updateTestCase
} from '../../db/queries/evaluations';
import type { AssistantTestCase } from '../../db/schema';
import { fieldErrorsOf, type Result } from '../result';
import { audit } from '../../governance/audit';
import { getSetting } from '../../governance/settings';
import { countByKind, describeCounts, findPersonalData } from '$lib/governance/personal-data';
import { getAssistant, type AssistantView } from '../service';
import { resolveEvaluationModel } from './models';
import { queueEvaluation } from './queue';
import { INCLUSIVE_AUDIT_SUITE } from './inclusive-audit';
import { recoverAbandonedRuns } from './recovery';

/** The suites a run may belong to: the assistant's own cases, and the inclusive-language audit. */
const EVALUATION_SUITES = ['assistant', INCLUSIVE_AUDIT_SUITE] as const;
import { evaluationSummary, evaluationView, testCaseView, type EvaluationSummary } from './views';
import type { EvaluationView } from '$lib/schemas/evaluation';

const NOT_FOUND = { ok: false, status: 404, message: 'Assistant not found' } as const;
const CASE_NOT_FOUND = { ok: false, status: 404, message: 'Test case not found' } as const;

type Need = 'read' | 'edit';

async function access(user: SessionUser, assistantId: string, need: Need): Promise<Result<AssistantView>> {
	const view = await getAssistant(user, assistantId);
	if (!view) return NOT_FOUND;
	const allowed = need === 'edit' ? view.can.edit : view.can.edit || view.can.approve;
	if (!allowed) {
		const message =
			need === 'edit'
				? 'Only people who can edit this assistant can change its test cases'
				: 'Only people who can edit or approve this assistant can see its test cases and evaluations';
		return { ok: false, status: 403, message };
	}
	return { ok: true, value: view };
}

/** Question ids a case names that the assistant does not ask (conversational intake may ask any). */
function unknownQuestionIds(intake: Intake, input: TestCaseInput): string[] {
	if (intake.mode === 'conversational') return [];
	const ids = new Set(intake.questions.map((q) => q.id));
	const named = [...Object.keys(input.answers), ...(input.expect.asks ?? []), ...(input.expect.mustNotAsk ?? [])];
	return [...new Set(named.filter((id) => !ids.has(id)))];
}

/**
 * A test case is stored, shown to everyone who edits the assistant and sent to a model on every run, with
 * nobody there to decide: so personal data anywhere in it (its name, request, answers, phrases or rubric)
 * is refused outright, whatever the guard's mode, naming the field and what was found.
 */
async function personalDataIn(input: TestCaseInput): Promise<Result<never> | null> {
	const pattern = await getSetting('guard.hospitalNumberPattern');
	const fields: [string, string][] = [
		['name', input.name],
		['request', input.request],
		...Object.entries(input.answers).map(([id, v]): [string, string] => [
			`answers.${id}`,
			[id, ...(Array.isArray(v) ? v : [v])].join('\n')
		]),
		['expect.mustInclude', (input.expect.mustInclude ?? []).join('\n')],
		['expect.mustAvoid', (input.expect.mustAvoid ?? []).join('\n')],
		['expect.rubric', input.expect.rubric ?? '']
	];
	const fieldErrors: Record<string, string> = {};
	for (const [field, text] of fields) {
		const findings = findPersonalData(text, { hospitalNumberPattern: pattern });
		if (findings.length) {
			fieldErrors[field] =
				`This has personal data in it (${describeCounts(countByKind(findings))}). Test cases are kept and sent to the model on every run: use made-up details or placeholders such as [Person] instead.`;
		}
	}
	const first = Object.entries(fieldErrors)[0];
	return first ? { ok: false, status: 400, message: `${first[0]}: ${first[1]}`, fieldErrors } : null;
}

/** A case as the API returns it may be sent back as it is: its read-only `id` and `builtin` are ignored. */
function withoutReadOnly(body: unknown): unknown {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
	const rest: Record<string, unknown> = { ...(body as Record<string, unknown>) };
	delete rest.id;
	delete rest.builtin;
	return rest;
}

function validate(view: AssistantView, body: unknown): Result<TestCaseInput> {
	const parsed = testCaseInputSchema.safeParse(withoutReadOnly(body));
	if (!parsed.success) {
		const fieldErrors = fieldErrorsOf(parsed.error);
		const first = Object.entries(fieldErrors)[0];
		return { ok: false, status: 400, message: first ? `${first[0]}: ${first[1]}` : 'Check the test case', fieldErrors };
	}
	const unknown = unknownQuestionIds(view.intake, parsed.data);
	if (unknown.length) {
		const known = view.intake.questions.map((q) => q.id).join(', ') || 'none';
		const message = `${unknown.map((u) => `"${u}"`).join(', ')} ${unknown.length === 1 ? 'is not a question' : 'are not questions'} of this assistant (its questions: ${known})`;
		return { ok: false, status: 400, message, fieldErrors: { expect: message } };
	}
	return { ok: true, value: parsed.data };
}

function readOnly(row: AssistantTestCase): Result<never> | null {
	if (!row.builtinKey) return null;
	return {
		ok: false,
		status: 403,
		message:
			'This test case ships with the built-in assistant and is changed in its cases file, not here. Add your own case instead.'
	};
}

export async function listCasesFor(
	user: SessionUser,
	assistantId: string
): Promise<Result<{ testCases: TestCaseView[] }>> {
	const found = await access(user, assistantId, 'read');
	if (!found.ok) return found;
	return { ok: true, value: { testCases: (await listTestCases(assistantId)).map(testCaseView) } };
}

export async function getCaseFor(
	user: SessionUser,
	assistantId: string,
	caseId: string
): Promise<Result<TestCaseView>> {
	const found = await access(user, assistantId, 'read');
	if (!found.ok) return found;
	const row = await findTestCase(assistantId, caseId);
	return row ? { ok: true, value: testCaseView(row) } : CASE_NOT_FOUND;
}

export async function createCaseFor(
	user: SessionUser,
	assistantId: string,
	body: unknown
): Promise<Result<TestCaseView>> {
	const found = await access(user, assistantId, 'edit');
	if (!found.ok) return found;
	const input = validate(found.value, body);
	if (!input.ok) return input;
	const personal = await personalDataIn(input.value);
	if (personal) return personal;
	if ((await countTestCases(assistantId)) >= MAX_TEST_CASES) {
		return {
			ok: false,
			status: 409,
			message: `An assistant can have up to ${MAX_TEST_CASES} test cases. Remove one first.`
		};
	}
	return { ok: true, value: testCaseView(await insertTestCase(assistantId, input.value, user.id)) };
}

/**
 * PATCH: the fields given replace the stored ones (`expect` as a whole); the result is validated as a new
 * case. PUT (`replace`): the body is the whole case, validated as it stands (answers left out are cleared).
 */
export async function updateCaseFor(
	user: SessionUser,
	assistantId: string,
	caseId: string,
	patch: unknown,
	{ replace = false }: { replace?: boolean } = {}
): Promise<Result<TestCaseView>> {
	const found = await access(user, assistantId, 'edit');
	if (!found.ok) return found;
	const row = await findTestCase(assistantId, caseId);
	if (!row) return CASE_NOT_FOUND;
	const blocked = readOnly(row);
	if (blocked) return blocked;
	if (!patch || typeof patch !== 'object' || Array.isArray(patch)) {
		return { ok: false, status: 400, message: 'Send the fields to change as a JSON object' };
	}
	const merged = replace
		? patch
		: { name: row.name, request: row.request, answers: row.answers, expect: row.expect, ...patch };
	const input = validate(found.value, merged);
	if (!input.ok) return input;
	const personal = await personalDataIn(input.value);
	if (personal) return personal;
	const updated = await updateTestCase(assistantId, caseId, input.value);
	return updated ? { ok: true, value: testCaseView(updated) } : CASE_NOT_FOUND;
}

export async function deleteCaseFor(user: SessionUser, assistantId: string, caseId: string): Promise<Result<null>> {
	const found = await access(user, assistantId, 'edit');
	if (!found.ok) return found;
	const row = await findTestCase(assistantId, caseId);
	if (!row) return CASE_NOT_FOUND;
	const blocked = readOnly(row);
	if (blocked) return blocked;
	return (await deleteTestCase(assistantId, caseId)) ? { ok: true, value: null } : CASE_NOT_FOUND;
}

/** Queues a run of the assistant's current version against `model` (or its default, or the first). */
export async function startEvaluationFor(
	user: SessionUser,
	assistantId: string,
	body: unknown
): Promise<Result<{ id: string }>> {
	const found = await access(user, assistantId, 'read');
	if (!found.ok) return found;
	const parsed = evaluationRequestSchema.safeParse(body ?? {});
	if (!parsed.success) {
		const fieldErrors = fieldErrorsOf(parsed.error);
		const message = fieldErrors.model
			? `model: ${fieldErrors.model}`
			: 'Send {"model": "<model id>"}, or an empty object to use the default model';
		return { ok: false, status: 400, message, fieldErrors };
	}
	const total = await countTestCases(assistantId);
	if (total === 0) {
		return {
			ok: false,
			status: 409,
			message: 'This assistant has no test cases yet. Add at least one, then run an evaluation.'
		};
	}
	await recoverAbandonedRuns(assistantId);
	const running = await activeEvaluation(assistantId);
	if (running) {
		return {
			ok: false,
			status: 409,
			message: `A run of version ${running.assistantVersion} is already in progress. Wait for it to finish, then start another.`
		};
	}
	const model = await resolveEvaluationModel(parsed.data.model, found.value.defaultModel);
	if (!model.ok) return model;
	const evaluation = await queueEvaluation({
		assistantId,
		assistantVersion: found.value.version,
		model: model.value,
		total,
		requestedBy: user.id
	});
	await audit(null, 'assistant.evaluation_started', {
		actorId: user.id,
		targetType: 'assistant',
		targetId: assistantId,
		details: { suite: 'assistant', version: found.value.version, model: model.value, cases: total }
	});
	return { ok: true, value: { id: evaluation.id } };
}

export async function listEvaluationsFor(
	user: SessionUser,
	assistantId: string,
	options: { suite?: string; version?: number } = {}
): Promise<Result<{ evaluations: EvaluationSummary[] }>> {
	const found = await access(user, assistantId, 'read');
	if (!found.ok) return found;
	if (options.suite !== undefined && !EVALUATION_SUITES.includes(options.suite as never)) {
		return {
			ok: false,
			status: 400,
			message: `suite must be one of ${EVALUATION_SUITES.join(', ')} (leave it out for the assistant's own cases)`
		};
	}
	await recoverAbandonedRuns(assistantId);
	const rows = await listEvaluations(assistantId, { ...options, limit: 50 });
	return { ok: true, value: { evaluations: rows.map(evaluationSummary) } };
}

export async function getEvaluationFor(
	user: SessionUser,
	assistantId: string,
	evaluationId: string
): Promise<Result<EvaluationView>> {
	const found = await access(user, assistantId, 'read');
	if (!found.ok) return found;
	await recoverAbandonedRuns(assistantId);
	const row = await findEvaluation(assistantId, evaluationId);
	if (!row) return { ok: false, status: 404, message: 'Evaluation not found' };
	return { ok: true, value: await evaluationView(row) };
}
