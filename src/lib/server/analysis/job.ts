/**
 * The analysis as a background job on the shared queue. A run takes the analysis with a fresh fence
 * token, then: responses read from the attachment with personal data replaced (before any model call,
 * whatever the guard mode), themes proposed, condensed, and every response mapped. A job whose instance
 * stopped is claimed again by another, and the new run carries on from the finished batches.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { PersonalDataRedactor } from '$lib/governance/redaction';
import { guardConfig } from '../chat/guard';
import { getConfig } from '../config';
import {
	AnalysisSuperseded,
	beginAnalysisRun,
	completeAnalysis,
	failAnalysis,
	saveResponses,
	type AnalysisRow
} from '../db/queries/analyses';
import { countUnassigned } from '../db/queries/analysis-results';
import { findAttachments } from '../db/queries/attachments';
import type { Job } from '../db/schema';
import { registerJobKind, type JobContext } from '../jobs/registry';
import { loadPrompt, promptVersion } from '../llm/prompts';
import { errorFields, logger } from '../observability/log';
import { AnalysisFailure, type RunContext } from './model-calls';
import { condenseThemes, mapResponses, proposeThemes } from './pipeline';
import { progressTotal } from './plan';

export const ANALYSIS_JOB = 'analysis.run';
/** Attempts of the job itself (a restart or an unexpected error); each carries on where the last stopped. */
export const ANALYSIS_JOB_ATTEMPTS = 5;

let retryDelayMs = 1000;

/** Tests shorten the pause before a batch is retried. */
export function setAnalysisRetryDelay(ms: number): void {
	retryDelayMs = ms;
}

/** The non-empty cells of a column, with the spreadsheet row each came from (the header is row 1). */
export function columnResponses(rows: string[][], columnIndex: number): { row: number; text: string }[] {
	const out: { row: number; text: string }[] = [];
	rows.forEach((r, i) => {
		const text = (r[columnIndex] ?? '').trim();
		if (text) out.push({ row: i + 2, text });
	});
	return out;
}

/** Reads the column and saves every response with personal data replaced; returns how many. */
async function prepareResponses(analysis: AnalysisRow, run: string): Promise<number> {
	const [attachment] = await findAttachments(analysis.chatId, [analysis.attachmentId], analysis.userId);
	const columnIndex = attachment?.columns?.indexOf(analysis.column) ?? -1;
	if (!attachment?.rows || columnIndex < 0) {
		throw new AnalysisFailure(
			'The spreadsheet or its column is no longer there. Attach it again and start a new analysis.'
		);
	}
	const { hospitalNumberPattern } = await guardConfig();
	const redactor = new PersonalDataRedactor({ hospitalNumberPattern });
	const cells = columnResponses(attachment.rows, columnIndex);
	const responses: { number: number; row: number; text: string }[] = [];
	for (const [i, cell] of cells.entries()) {
		responses.push({ number: i + 1, row: cell.row, text: redactor.redact(cell.text).text });
		// Long columns are redacted in slices so the job's heartbeat keeps running.
		if (i % 250 === 249) await yieldToEvents();
	}
	if (!responses.length) throw new AnalysisFailure('The column has no responses to analyse.');
	await saveResponses(analysis.id, run, responses, progressTotal(responses.length));
	return responses.length;
}

function runContext(analysis: AnalysisRow, run: string, context: JobContext): RunContext {
	let done = analysis.progressDone;
	return {
		analysisId: analysis.id,
		run,
		model: analysis.model,
		question: analysis.question?.trim() || 'Not given: work it out from the responses.',
		concurrency: getConfig().analysis.concurrency,
		retryDelayMs,
		advanced: () => context.progress(++done, progressTotal(analysis.responseCount))
	};
}

async function runPhases(analysis: AnalysisRow, run: string, context: JobContext): Promise<void> {
	const n = analysis.prepared ? analysis.responseCount : await prepareResponses(analysis, run);
	const ctx = runContext({ ...analysis, responseCount: n }, run, context);
	const proposals = await proposeThemes(ctx, n);
	await condenseThemes(ctx, proposals);
	await mapResponses(ctx, n);
	const prompts = await Promise.all(['analysis-themes', 'analysis-condense', 'analysis-map'].map(loadPrompt));
	const unassigned = await countUnassigned(analysis.id);
	const detail = `Assigned ${n - unassigned} of ${n} responses to themes; ${unassigned} fit no theme.`;
	await completeAnalysis(analysis.id, run, prompts.map(promptVersion), detail);
}

/** Runs (or resumes) one analysis. A model failure ends it as failed; anything unexpected is retried by the queue. */
export async function runAnalysis(analysisId: string, context: JobContext): Promise<void> {
	const run = randomUUID();
	const analysis = await beginAnalysisRun(analysisId, run);
	if (!analysis) return; // deleted, or already finished
	const log = logger().child({ analysisId });
	try {
		await runPhases(analysis, run, context);
	} catch (e) {
		if (e instanceof AnalysisSuperseded) return log.info('analysis run superseded by another; stopping');
		if (!(e instanceof AnalysisFailure)) throw e;
		log.warn({ reason: e.message }, 'analysis failed');
		await failAnalysis(analysisId, run, e.message).catch((f) => {
			if (!(f instanceof AnalysisSuperseded)) throw f;
		});
	}
}

registerJobKind(ANALYSIS_JOB, async (job: Job, context) => {
	try {
		await runAnalysis(String(job.payload.analysisId ?? ''), context);
	} catch (e) {
		logger().error({ ...errorFields(e), jobId: job.id }, 'analysis run stopped unexpectedly; it will be resumed');
		throw e;
	}
});
