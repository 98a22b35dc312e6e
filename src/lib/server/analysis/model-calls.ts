/**
 * One batch's model call for an analysis: counted against the analysis's budget before it is made,
 * validated with zod, retried a bounded number of times, and otherwise reported as an AnalysisFailure
 * naming the batch, never dropped. Batches of a phase run through a pool of at most
 * ANALYSIS_CONCURRENCY calls in flight.
 */
import type { z } from 'zod';
import { reserveModelCall } from '../db/queries/analyses';
import { ChatModelError, completeChat } from '../llm/chat-models';
import { extractJson } from '../llm/structured';
import { BATCH_ATTEMPTS } from './plan';

/** The analysis cannot go on; `message` is shown to the person. */
export class AnalysisFailure extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'AnalysisFailure';
	}
}

export type RunContext = {
	analysisId: string;
	run: string;
	model: string;
	question: string;
	concurrency: number;
	/** Pause before a retry (tests shorten it). */
	retryDelayMs: number;
	/** A batch finished: counts progress and keeps the job's heartbeat going. */
	advanced(): Promise<void>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function budgetFailure(): AnalysisFailure {
	return new AnalysisFailure(
		'The analysis stopped because the model needed more attempts than its budget of model calls allows (the ' +
			'model kept failing or answering in the wrong shape). Try again later, or ask an administrator to check the model.'
	);
}

/** Asks once per attempt until the reply matches `schema`; returns it with the number of attempts used. */
export async function askModel<T extends z.ZodType>(
	ctx: RunContext,
	batchLabel: string,
	prompt: string,
	schema: T,
	maxTokens = 2000
): Promise<{ value: z.output<T>; attempts: number }> {
	let problem = 'the model did not answer';
	for (let attempt = 1; attempt <= BATCH_ATTEMPTS; attempt++) {
		if (attempt > 1) await sleep(ctx.retryDelayMs * attempt);
		if ((await reserveModelCall(ctx.analysisId, ctx.run)) === 'budget') throw budgetFailure();
		try {
			const reply = await completeChat({ model: ctx.model, maxTokens, messages: [{ role: 'user', content: prompt }] });
			const parsed = schema.safeParse(extractJson(reply));
			if (parsed.success) return { value: parsed.data, attempts: attempt };
			problem = 'the model answered in the wrong shape';
		} catch (e) {
			if (e instanceof ChatModelError && !e.retryable) throw new AnalysisFailure(`${batchLabel}: ${e.message}`);
			problem = e instanceof ChatModelError ? e.message : 'the model answered in the wrong shape';
		}
	}
	throw new AnalysisFailure(
		`${batchLabel} failed after ${BATCH_ATTEMPTS} attempts (${problem.replace(/\.$/, '')}). ` +
			'Start a new analysis later, or ask an administrator to check the model.'
	);
}

/**
 * Runs `work` for every item with at most `limit` in flight. On the first failure no new item starts;
 * the ones in flight finish, then the failure is thrown.
 */
export async function runPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	let failure: { error: unknown } | undefined;
	const lane = async () => {
		while (!failure && next < items.length) {
			const item = items[next++];
			try {
				await work(item);
			} catch (e) {
				failure ??= { error: e };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
	if (failure) throw failure.error;
}
