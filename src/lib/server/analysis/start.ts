/**
 * Starting an analysis: check the attachment and column, then queue the job. Every refusal is a
 * status and a message the person can act on.
 */
import { MAX_ANALYSIS_RESPONSES } from '$lib/schemas/analysis';
import type { SessionUser } from '$lib/schemas/user';
import { insertAnalysis, setAnalysisJob, deleteAnalysis, type AnalysisRow } from '../db/queries/analyses';
import { findAttachment } from '../db/queries/attachments';
import { enqueueJob } from '../db/queries/jobs';
import { chatModels, NO_MODEL_MESSAGE_FOR_ADMINS, NO_MODEL_MESSAGE_FOR_MEMBERS } from '../llm/chat-models';
import { ANALYSIS_JOB, ANALYSIS_JOB_ATTEMPTS, columnResponses } from './job';
import { callBudget } from './plan';

export type StartResult = { ok: true; analysis: AnalysisRow } | { ok: false; status: 404 | 422 | 503; message: string };

function refuse(status: 404 | 422 | 503, message: string): StartResult {
	return { ok: false, status, message };
}

/** Checks the request against the attachment and queues the analysis. */
export async function startAnalysis(
	user: SessionUser,
	chatId: string,
	input: { attachmentId: string; column: string; question?: string }
): Promise<StartResult> {
	const attachment = await findAttachment(chatId, input.attachmentId, user.id);
	if (!attachment) return refuse(404, 'Attachment not found');
	const name = `"${attachment.fileName}"`;
	if (attachment.kind !== 'table' || !attachment.columns || !attachment.rows) {
		return refuse(422, `${name} is not a spreadsheet. Attach a CSV or Excel (.xlsx) file with one response a row.`);
	}
	const columnIndex = attachment.columns.indexOf(input.column);
	if (columnIndex < 0) {
		return refuse(
			422,
			`${name} has no column called "${input.column}". Choose one of: ${attachment.columns.join(', ')}.`
		);
	}
	const n = columnResponses(attachment.rows, columnIndex).length;
	if (n === 0)
		return refuse(
			422,
			`The column "${input.column}" in ${name} has no responses in it. Choose the column with the comments.`
		);
	if (n > MAX_ANALYSIS_RESPONSES) {
		return refuse(
			422,
			`The column has ${n.toLocaleString('en-GB')} responses, over the limit of ${MAX_ANALYSIS_RESPONSES.toLocaleString('en-GB')} for one analysis. Split the file and analyse the parts.`
		);
	}
	const model = chatModels()[0];
	if (!model) return refuse(503, user.role === 'admin' ? NO_MODEL_MESSAGE_FOR_ADMINS : NO_MODEL_MESSAGE_FOR_MEMBERS);
	const analysis = await insertAnalysis({
		chatId,
		attachmentId: attachment.id,
		userId: user.id,
		fileName: attachment.fileName,
		column: input.column,
		question: input.question?.trim() || null,
		model: model.id,
		responseCount: n,
		callBudget: callBudget(n)
	});
	try {
		const job = await enqueueJob({
			kind: ANALYSIS_JOB,
			payload: { analysisId: analysis.id },
			createdBy: user.id,
			maxAttempts: ANALYSIS_JOB_ATTEMPTS
		});
		await setAnalysisJob(analysis.id, job.id);
		return { ok: true, analysis: { ...analysis, jobId: job.id } };
	} catch (e) {
		await deleteAnalysis(analysis.id, user.id);
		throw e;
	}
}
