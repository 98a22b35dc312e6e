/**
 * Feedback analyses and their background runs. Every write a run makes is fenced by the run token it
 * set when it began (`run`): a runner that has been superseded (its instance was presumed dead and
 * another took over) finds no row to update, and stops without changing anything.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { PromptVersion } from '$lib/schemas/chat';
import { getDb } from '..';
import {
	analyses,
	analysisBatches,
	analysisHistory,
	analysisResponses,
	analysisResponseThemes,
	analysisThemes,
	type Analysis,
	type AnalysisPhase
} from '../schema';
import { isUuid } from './chats';
import { rowsOf } from './rows';

export type AnalysisRow = Analysis;
export type Tx = Parameters<Parameters<Awaited<ReturnType<typeof getDb>>['transaction']>[0]>[0];

/** Thrown inside a fenced write when this runner no longer holds the analysis; the transaction rolls back. */
export class AnalysisSuperseded extends Error {
	constructor() {
		super('This analysis run was superseded by another');
		this.name = 'AnalysisSuperseded';
	}
}

export async function insertAnalysis(input: {
	chatId: string;
	attachmentId: string;
	userId: string;
	fileName: string;
	column: string;
	question: string | null;
	model: string;
	responseCount: number;
	callBudget: number;
}): Promise<AnalysisRow> {
	const db = await getDb();
	const [row] = await db.insert(analyses).values(input).returning();
	return row;
}

export async function setAnalysisJob(id: string, jobId: string): Promise<void> {
	const db = await getDb();
	await db.update(analyses).set({ jobId }).where(eq(analyses.id, id));
}

/** This person's analysis, or nothing (someone else's is nothing too). */
export async function findAnalysisForUser(id: string, userId: string): Promise<AnalysisRow | undefined> {
	if (!isUuid(id)) return undefined;
	const db = await getDb();
	const [row] = await db
		.select()
		.from(analyses)
		.where(and(eq(analyses.id, id), eq(analyses.userId, userId)))
		.limit(1);
	return row;
}

export async function findAnalysis(id: string): Promise<AnalysisRow | undefined> {
	if (!isUuid(id)) return undefined;
	const db = await getDb();
	const [row] = await db.select().from(analyses).where(eq(analyses.id, id)).limit(1);
	return row;
}

/** The chat's analyses, newest first. */
export async function listAnalysesForChat(chatId: string): Promise<AnalysisRow[]> {
	const db = await getDb();
	return db
		.select()
		.from(analyses)
		.where(eq(analyses.chatId, chatId))
		.orderBy(desc(analyses.createdAt), desc(analyses.id));
}

/** Metadata of every analysis in these chats, for the person's data export. */
export async function listAnalysesForChats(chatIds: string[]): Promise<AnalysisRow[]> {
	if (!chatIds.length) return [];
	const db = await getDb();
	return db.select().from(analyses).where(inArray(analyses.chatId, chatIds)).orderBy(asc(analyses.createdAt));
}

export async function deleteAnalysis(id: string, userId: string): Promise<boolean> {
	const db = await getDb();
	const rows = await db
		.delete(analyses)
		.where(and(eq(analyses.id, id), eq(analyses.userId, userId)))
		.returning({ id: analyses.id });
	return rows.length > 0;
}

/** Takes the analysis for a new run (fencing out any earlier one); undefined when it is gone or finished. */
export async function beginAnalysisRun(id: string, run: string): Promise<AnalysisRow | undefined> {
	const db = await getDb();
	const [row] = await db
		.update(analyses)
		.set({ run, status: 'running', error: null })
		.where(and(eq(analyses.id, id), inArray(analyses.status, ['queued', 'running'])))
		.returning();
	return row;
}

/** Fails unless `run` still holds the analysis; the first statement of every fenced transaction. */
async function holdRun(tx: Tx, id: string, run: string, set: PgUpdateSetSource<typeof analyses> = {}): Promise<void> {
	const rows = await tx
		.update(analyses)
		.set({ run, ...set })
		.where(and(eq(analyses.id, id), eq(analyses.run, run), eq(analyses.status, 'running')))
		.returning({ id: analyses.id });
	if (!rows.length) throw new AnalysisSuperseded();
}

/**
 * Counts one model call against the analysis's budget before it is made. 'budget' when the budget is
 * spent; throws AnalysisSuperseded when this run no longer holds the analysis.
 */
export async function reserveModelCall(id: string, run: string): Promise<'ok' | 'budget'> {
	const db = await getDb();
	const rows = rowsOf<{ calls: number; budget: number; held: boolean }>(
		await db.execute(sql`
			with target as (select id, model_calls, call_budget, (run = ${run} and status = 'running') as held
				from analyses where id = ${id}),
			reserved as (update analyses a set model_calls = a.model_calls + 1 from target t
				where a.id = t.id and t.held and t.model_calls < t.call_budget returning a.model_calls)
			select (select model_calls from reserved) as calls, t.call_budget as budget, t.held from target t`)
	);
	const row = rows[0];
	if (!row || !row.held) throw new AnalysisSuperseded();
	return row.calls === null ? 'budget' : 'ok';
}

/** Saves the redacted responses and the progress total in one transaction (all or nothing). */
export async function saveResponses(
	id: string,
	run: string,
	responses: { number: number; row: number; text: string }[],
	progressTotal: number
): Promise<void> {
	const db = await getDb();
	await db.transaction(async (tx) => {
		await holdRun(tx, id, run, { prepared: true, progressTotal, responseCount: responses.length });
		await tx.delete(analysisResponses).where(eq(analysisResponses.analysisId, id));
		for (let i = 0; i < responses.length; i += 500) {
			await tx.insert(analysisResponses).values(responses.slice(i, i + 500).map((r) => ({ ...r, analysisId: id })));
		}
	});
}

export type FinishedBatch = { index: number; result: unknown };

export async function listFinishedBatches(id: string, phase: AnalysisPhase): Promise<FinishedBatch[]> {
	const db = await getDb();
	return db
		.select({ index: analysisBatches.index, result: analysisBatches.result })
		.from(analysisBatches)
		.where(and(eq(analysisBatches.analysisId, id), eq(analysisBatches.phase, phase)))
		.orderBy(asc(analysisBatches.index));
}

/** Records a finished batch (and counts it as progress when `counts`), with any extra writes in the same transaction. */
export async function saveBatch(
	input: { id: string; run: string; phase: AnalysisPhase; index: number; result: unknown; attempts: number },
	extra?: (tx: Tx) => Promise<void>,
	counts = true
): Promise<void> {
	const db = await getDb();
	await db.transaction(async (tx) => {
		await holdRun(tx, input.id, input.run, counts ? { progressDone: sql`${analyses.progressDone} + 1` } : {});
		await tx.insert(analysisBatches).values({
			analysisId: input.id,
			phase: input.phase,
			index: input.index,
			result: input.result,
			attempts: input.attempts
		});
		await extra?.(tx);
	});
}

/** Saves the condensed themes as the final condense batch, with the model's proposal in the history. */
export async function saveProposedThemes(
	input: { id: string; run: string; index: number; attempts: number; result: unknown },
	themes: { title: string; description: string }[],
	detail: string
): Promise<void> {
	await saveBatch({ ...input, phase: 'condense' }, async (tx) => {
		await tx.delete(analysisThemes).where(eq(analysisThemes.analysisId, input.id));
		if (themes.length) {
			await tx.insert(analysisThemes).values(
				themes.map((t, position) => ({
					analysisId: input.id,
					position,
					title: t.title,
					description: t.description,
					proposedTitle: t.title
				}))
			);
		}
		await tx
			.insert(analysisHistory)
			.values({ analysisId: input.id, actorName: 'AI', action: 'proposed themes', detail });
	});
}

/** Saves one mapping batch: which of its responses sit in which themes. */
export async function saveMappingBatch(
	input: { id: string; run: string; index: number; attempts: number },
	links: { responseId: string; themeId: string }[]
): Promise<void> {
	await saveBatch({ ...input, phase: 'map', result: { links: links.length } }, async (tx) => {
		if (links.length) {
			await tx.insert(analysisResponseThemes).values(links.map((l) => ({ ...l, analysisId: input.id })));
		}
	});
}

/** Ends the run as complete, with a history entry. */
export async function completeAnalysis(
	id: string,
	run: string,
	promptVersions: PromptVersion[],
	detail: string
): Promise<void> {
	const db = await getDb();
	await db.transaction(async (tx) => {
		await holdRun(tx, id, run, { status: 'complete', completedAt: new Date(), promptVersions, run: null });
		await tx.insert(analysisHistory).values({ analysisId: id, actorName: 'AI', action: 'mapped responses', detail });
	});
}

/** Ends the run as failed with a message a person can act on. */
export async function failAnalysis(id: string, run: string, message: string): Promise<void> {
	const db = await getDb();
	await db.transaction(async (tx) => {
		await holdRun(tx, id, run, { status: 'failed', error: message, run: null });
	});
}

export async function listResponsesByNumber(
	id: string,
	from: number,
	to: number
): Promise<{ id: string; number: number; text: string }[]> {
	const db = await getDb();
	return db
		.select({ id: analysisResponses.id, number: analysisResponses.number, text: analysisResponses.text })
		.from(analysisResponses)
		.where(and(eq(analysisResponses.analysisId, id), sql`${analysisResponses.number} between ${from} and ${to}`))
		.orderBy(asc(analysisResponses.number));
}
