/** What the analysis endpoints answer with: the analysis as the person sees it. */
import type { AnalysisListItem, AnalysisStatusName, AnalysisView } from '$lib/schemas/analysis';
import type { AnalysisRow } from '../db/queries/analyses';
import {
	countResponses,
	countUnassigned,
	listHistory,
	listThemesWithCounts,
	representativeQuotes
} from '../db/queries/analysis-results';
import { findJob } from '../db/queries/jobs';
import { progressTotal } from './plan';

/** The analysis's status, taking a job the queue gave up on (every attempt failed) as failed. */
export async function effectiveStatus(row: AnalysisRow): Promise<{ status: AnalysisStatusName; error?: string }> {
	if (row.status === 'complete') return { status: 'complete' };
	if (row.status === 'failed') return { status: 'failed', error: row.error ?? 'The analysis failed.' };
	const job = row.jobId ? await findJob(row.jobId) : undefined;
	if (job?.status === 'failed') {
		return {
			status: 'failed',
			error: job.error ?? 'The analysis stopped because of an unexpected error. Start it again, or ask for support.'
		};
	}
	return { status: row.status };
}

export async function analysisView(row: AnalysisRow): Promise<AnalysisView> {
	const [{ status, error }, themes, quotes, history] = await Promise.all([
		effectiveStatus(row),
		listThemesWithCounts(row.id),
		representativeQuotes(row.id),
		listHistory(row.id)
	]);
	const responses = row.prepared ? await countResponses(row.id) : row.responseCount;
	const unassigned = status === 'complete' ? await countUnassigned(row.id) : 0;
	return {
		id: row.id,
		chatId: row.chatId,
		attachmentId: row.attachmentId,
		fileName: row.fileName,
		column: row.column,
		question: row.question,
		createdAt: row.createdAt.toISOString(),
		status,
		progress: { done: row.progressDone, total: row.progressTotal || progressTotal(row.responseCount) },
		responses,
		themes: themes.map((t) => ({
			id: t.id,
			title: t.title,
			description: t.description,
			count: t.count,
			quotes: quotes.get(t.id) ?? [],
			proposedTitle: t.proposedTitle,
			edited: t.edited
		})),
		unassigned,
		...(error ? { error } : {}),
		history: history.map((h) => ({ at: h.at.toISOString(), by: h.actorName, action: h.action, detail: h.detail }))
	};
}

export async function analysisListItem(row: AnalysisRow): Promise<AnalysisListItem> {
	const { status } = await effectiveStatus(row);
	return {
		id: row.id,
		status,
		fileName: row.fileName,
		column: row.column,
		responses: row.responseCount,
		createdAt: row.createdAt.toISOString()
	};
}
