/**
 * Assistant test cases and evaluation runs. Access is decided by the caller (the assistant service's
 * `load`): these functions only ever look inside one assistant, by its id.
 */
import { and, asc, desc, eq, gt, inArray, isNotNull, lt, notInArray, sql } from 'drizzle-orm';
import { getDb } from '..';
import type { EvaluationResultView, EvaluationStatus, TestCaseInput } from '../../../schemas/evaluation';
import {
	assistantEvaluationResults,
	assistantEvaluations,
	assistantTestCases,
	type AssistantEvaluation,
	type AssistantEvaluationResult,
	type AssistantTestCase
} from '../schema';
import { isUuid } from './chats';
import { rowsOf } from './rows';

export async function listTestCases(assistantId: string): Promise<AssistantTestCase[]> {
	const db = await getDb();
	return db
		.select()
		.from(assistantTestCases)
		.where(eq(assistantTestCases.assistantId, assistantId))
		.orderBy(asc(assistantTestCases.position), asc(assistantTestCases.createdAt));
}

export async function findTestCase(assistantId: string, id: string): Promise<AssistantTestCase | undefined> {
	if (!isUuid(id)) return undefined;
	const db = await getDb();
	const [row] = await db
		.select()
		.from(assistantTestCases)
		.where(and(eq(assistantTestCases.assistantId, assistantId), eq(assistantTestCases.id, id)));
	return row;
}

export async function countTestCases(assistantId: string): Promise<number> {
	return (await countTestCasesBySource(assistantId)).total;
}

/** An assistant's cases: all of them, and those people added (not shipped with a built-in). */
export async function countTestCasesBySource(assistantId: string): Promise<{ total: number; added: number }> {
	const db = await getDb();
	const [row] = await db
		.select({
			total: sql<number>`count(*)::int`,
			added: sql<number>`(count(*) filter (where ${assistantTestCases.builtinKey} is null))::int`
		})
		.from(assistantTestCases)
		.where(eq(assistantTestCases.assistantId, assistantId));
	return { total: Number(row?.total ?? 0), added: Number(row?.added ?? 0) };
}

export async function insertTestCase(
	assistantId: string,
	input: TestCaseInput & { builtinKey?: string | null; position?: number },
	createdBy: string | null
): Promise<AssistantTestCase> {
	const db = await getDb();
	const [row] = await db
		.insert(assistantTestCases)
		.values({
			assistantId,
			builtinKey: input.builtinKey ?? null,
			name: input.name,
			request: input.request,
			answers: input.answers,
			expect: input.expect,
			position:
				input.position ??
				sql`(select coalesce(max(${assistantTestCases.position}), -1) + 1 from ${assistantTestCases} where ${assistantTestCases.assistantId} = ${assistantId})`,
			createdBy
		})
		.returning();
	return row;
}

export async function updateTestCase(
	assistantId: string,
	id: string,
	input: TestCaseInput
): Promise<AssistantTestCase | undefined> {
	if (!isUuid(id)) return undefined;
	const db = await getDb();
	const [row] = await db
		.update(assistantTestCases)
		.set({
			name: input.name,
			request: input.request,
			answers: input.answers,
			expect: input.expect,
			updatedAt: new Date()
		})
		.where(and(eq(assistantTestCases.assistantId, assistantId), eq(assistantTestCases.id, id)))
		.returning();
	return row;
}

export async function deleteTestCase(assistantId: string, id: string): Promise<boolean> {
	if (!isUuid(id)) return false;
	const db = await getDb();
	const rows = await db
		.delete(assistantTestCases)
		.where(and(eq(assistantTestCases.assistantId, assistantId), eq(assistantTestCases.id, id)))
		.returning({ id: assistantTestCases.id });
	return rows.length > 0;
}

export async function insertEvaluation(input: {
	assistantId: string;
	assistantVersion: number;
	model: string;
	suite?: string;
	total: number;
	requestedBy: string | null;
}): Promise<AssistantEvaluation> {
	const db = await getDb();
	const [row] = await db.insert(assistantEvaluations).values(input).returning();
	return row;
}

export async function setEvaluationJob(id: string, jobId: string): Promise<void> {
	const db = await getDb();
	await db.update(assistantEvaluations).set({ jobId }).where(eq(assistantEvaluations.id, id));
}

export async function findEvaluation(assistantId: string, id: string): Promise<AssistantEvaluation | undefined> {
	if (!isUuid(id)) return undefined;
	const db = await getDb();
	const [row] = await db
		.select()
		.from(assistantEvaluations)
		.where(and(eq(assistantEvaluations.assistantId, assistantId), eq(assistantEvaluations.id, id)));
	return row;
}

export async function findEvaluationById(id: string): Promise<AssistantEvaluation | undefined> {
	if (!isUuid(id)) return undefined;
	const db = await getDb();
	const [row] = await db.select().from(assistantEvaluations).where(eq(assistantEvaluations.id, id));
	return row;
}

/** Newest first; `suite` defaults to the assistant's own cases. */
export async function listEvaluations(
	assistantId: string,
	options: { version?: number; suite?: string; limit?: number } = {}
): Promise<AssistantEvaluation[]> {
	const db = await getDb();
	return db
		.select()
		.from(assistantEvaluations)
		.where(
			and(
				eq(assistantEvaluations.assistantId, assistantId),
				eq(assistantEvaluations.suite, options.suite ?? 'assistant'),
				options.version === undefined ? undefined : eq(assistantEvaluations.assistantVersion, options.version)
			)
		)
		.orderBy(desc(assistantEvaluations.createdAt))
		.limit(options.limit ?? 20);
}

/**
 * A run of one suite (the assistant's own cases unless given) that is queued or running and was started
 * in the last `minutes` (older ones are treated as abandoned, so a run left behind by a stopped instance
 * never blocks new runs).
 */
export async function activeEvaluation(
	assistantId: string,
	minutes = 30,
	suite: 'assistant' | 'inclusive-audit' = 'assistant'
): Promise<AssistantEvaluation | undefined> {
	const db = await getDb();
	const [row] = await db
		.select()
		.from(assistantEvaluations)
		.where(
			and(
				eq(assistantEvaluations.assistantId, assistantId),
				eq(assistantEvaluations.suite, suite),
				inArray(assistantEvaluations.status, ['queued', 'running']),
				gt(assistantEvaluations.createdAt, sql`now() - make_interval(mins => ${minutes})`)
			)
		)
		.orderBy(desc(assistantEvaluations.createdAt))
		.limit(1);
	return row;
}

/** Why a run was given up, by what became of its job (see failAbandonedEvaluations). */
const ABANDONED = {
	lost: 'The run was lost before it could finish: its background job no longer exists. Start a new run.',
	stopped:
		'The run stopped because the server running it stopped, and it could not be resumed after every attempt. Start a new run.',
	unfinished: 'The run ended without finishing its cases. Start a new run.',
	idle: 'The run made no progress for 15 minutes: the command that started it (npm run eval:assistants) has stopped. Start a new run.'
} as const;

/**
 * Fails the queued or running runs of an assistant that nothing will ever finish, with the reason, so a
 * new run can start at once: their job is gone (or was never queued, a minute on), failed for good,
 * ended without finishing the run, or is on its last attempt with no heartbeat for `staleSeconds` (its
 * server died). A run whose job is queued, alive, or stale with attempts left is kept: a worker on any
 * instance claims it again and it carries on from the first case without a result. Returns the ids failed.
 */
/** Fails abandoned runs of one assistant, or of every assistant when `assistantId` is null; returns their ids. */
export async function failAbandonedEvaluations(assistantId: string | null, staleSeconds: number): Promise<string[]> {
	const db = await getDb();
	const rows = rowsOf<{ id: string }>(
		await db.execute(sql`
			update ${assistantEvaluations} e set
				status = 'failed',
				finished_at = now(),
				error = case
					when j.id is null and o.requested_by is null then ${ABANDONED.idle}
					when j.id is null then ${ABANDONED.lost}
					when j.status = 'succeeded' then ${ABANDONED.unfinished}
					else ${ABANDONED.stopped}
				end
			from ${assistantEvaluations} o
			left join jobs j on j.id = o.job_id
			where e.id = o.id
				${assistantId === null ? sql`` : sql`and o.assistant_id = ${assistantId}`}
				and o.status in ('queued', 'running')
				and (
					-- No job: an app run whose job was never made (a minute covers the gap between the two
					-- writes), or a command-line run (eval:assistants: no job, no requester) idle for 15 minutes.
					(j.id is null and o.requested_by is not null and o.created_at < now() - interval '1 minute')
					or (j.id is null and o.requested_by is null and greatest(o.created_at, o.started_at, (
						select max(r.created_at) from ${assistantEvaluationResults} r where r.evaluation_id = o.id
					)) < now() - interval '15 minutes')
					or j.status in ('failed', 'succeeded')
					or (j.status = 'running' and j.attempts >= j.max_attempts
						and j.heartbeat_at < now() - make_interval(secs => ${staleSeconds}))
				)
			returning e.id`)
	);
	return rows.map((r) => r.id);
}

/** The newest completed run of the assistant's own cases for one version, if any. */
export async function latestCompletedEvaluation(
	assistantId: string,
	version: number,
	/** `before`: the newest completed run of any earlier version instead. */
	which: 'at' | 'before' = 'at'
): Promise<AssistantEvaluation | undefined> {
	const db = await getDb();
	const [row] = await db
		.select()
		.from(assistantEvaluations)
		.where(
			and(
				eq(assistantEvaluations.assistantId, assistantId),
				which === 'at'
					? eq(assistantEvaluations.assistantVersion, version)
					: lt(assistantEvaluations.assistantVersion, version),
				eq(assistantEvaluations.suite, 'assistant'),
				eq(assistantEvaluations.status, 'completed')
			)
		)
		.orderBy(desc(assistantEvaluations.finishedAt))
		.limit(1);
	return row;
}

/** The versions of an assistant with at least one completed run of its own cases, lowest first. */
export async function listEvaluatedVersions(assistantId: string): Promise<number[]> {
	const db = await getDb();
	const rows = await db
		.selectDistinct({ version: assistantEvaluations.assistantVersion })
		.from(assistantEvaluations)
		.where(
			and(
				eq(assistantEvaluations.assistantId, assistantId),
				eq(assistantEvaluations.suite, 'assistant'),
				eq(assistantEvaluations.status, 'completed')
			)
		)
		.orderBy(asc(assistantEvaluations.assistantVersion));
	return rows.map((r) => r.version);
}

export async function listEvaluationResults(evaluationId: string): Promise<AssistantEvaluationResult[]> {
	const db = await getDb();
	return db
		.select()
		.from(assistantEvaluationResults)
		.where(eq(assistantEvaluationResults.evaluationId, evaluationId))
		.orderBy(asc(assistantEvaluationResults.position));
}

/**
 * Marks a run as running, unless it has already finished (the recovery may have failed it as
 * abandoned in the meantime): false then, and the run is left as it is.
 */
export async function markEvaluationRunning(id: string): Promise<boolean> {
	const db = await getDb();
	const rows = await db
		.update(assistantEvaluations)
		.set({ status: 'running', startedAt: sql`coalesce(${assistantEvaluations.startedAt}, now())` })
		.where(and(eq(assistantEvaluations.id, id), inArray(assistantEvaluations.status, ['queued', 'running'])))
		.returning({ id: assistantEvaluations.id });
	return rows.length > 0;
}

/** A foreign-key violation (the row referred to is gone), from either driver. */
function isForeignKeyViolation(e: unknown): boolean {
	const err = e as { code?: string; cause?: { code?: string } } | undefined;
	return err?.code === '23503' || err?.cause?.code === '23503';
}

/**
 * Records one case's outcome. A retried job may record the same case again: the later result replaces
 * the earlier one, so a case is never counted twice. False, recording nothing, when the test case was
 * deleted while it ran: a run counts only the cases that still exist.
 */
export async function recordEvaluationResult(
	evaluationId: string,
	result: EvaluationResultView & { position: number; durationMs?: number }
): Promise<boolean> {
	const db = await getDb();
	const values = {
		evaluationId,
		testCaseId: result.testCaseId,
		position: result.position,
		name: result.name,
		passed: result.passed,
		reasons: result.reasons,
		output: result.output,
		asked: result.asked,
		rubric: result.rubric,
		durationMs: result.durationMs ?? null
	};
	if (result.testCaseId === null) {
		await db.insert(assistantEvaluationResults).values(values);
		return true;
	}
	try {
		await db
			.insert(assistantEvaluationResults)
			.values(values)
			.onConflictDoUpdate({
				target: [assistantEvaluationResults.evaluationId, assistantEvaluationResults.testCaseId],
				set: {
					passed: values.passed,
					reasons: values.reasons,
					output: values.output,
					asked: values.asked,
					rubric: values.rubric,
					durationMs: values.durationMs
				}
			});
		return true;
	} catch (e) {
		if (isForeignKeyViolation(e)) return false;
		throw e;
	}
}

/**
 * Finishes a run: counts come from the recorded results, so they always agree with them. A run that
 * has already ended (failed as abandoned meanwhile) is left as it is.
 */
export async function finishEvaluation(
	id: string,
	status: Extract<EvaluationStatus, 'completed' | 'failed'>,
	error?: string
): Promise<void> {
	const db = await getDb();
	await db.execute(sql`
		update ${assistantEvaluations} e set
			status = ${status},
			error = ${error ?? null},
			finished_at = now(),
			-- A completed run counts the cases it ran (one deleted while it ran is not among them), so its
			-- "n of total passed" and its pass rate always agree; a failed one keeps how many it was to run.
			total = case when ${status} = 'completed' then r.total else greatest(e.total, r.total) end,
			passed_count = r.passed,
			pass_rate = case when ${status} = 'completed' and r.total > 0 then r.passed::real / r.total else null end
		from (
			select count(*)::int as total, count(*) filter (where passed)::int as passed
			from ${assistantEvaluationResults} where evaluation_id = ${id}
		) r
		where e.id = ${id} and e.status in ('queued', 'running')`);
}

/** Adds or refreshes a built-in assistant's shipped case, found by its key in the cases file. */
export async function upsertBuiltinTestCase(
	assistantId: string,
	input: TestCaseInput & { builtinKey: string; position: number }
): Promise<void> {
	const db = await getDb();
	const values = {
		name: input.name,
		request: input.request,
		answers: input.answers,
		expect: input.expect,
		position: input.position
	};
	await db
		.insert(assistantTestCases)
		.values({ assistantId, builtinKey: input.builtinKey, ...values, createdBy: null })
		.onConflictDoUpdate({
			target: [assistantTestCases.assistantId, assistantTestCases.builtinKey],
			set: { ...values, updatedAt: new Date() }
		});
}

/** Removes a built-in's shipped cases whose keys are no longer in its file (cases people added stay). */
export async function deleteBuiltinTestCasesExcept(assistantId: string, keys: string[]): Promise<number> {
	const db = await getDb();
	const rows = await db
		.delete(assistantTestCases)
		.where(
			and(
				eq(assistantTestCases.assistantId, assistantId),
				isNotNull(assistantTestCases.builtinKey),
				keys.length ? notInArray(assistantTestCases.builtinKey, keys) : undefined
			)
		)
		.returning({ id: assistantTestCases.id });
	return rows.length;
}
