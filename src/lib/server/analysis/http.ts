/** The analysis endpoints' shared steps: the owner guard and the "finished first" rule for edits. */
import { error, json, type RequestEvent } from '@sveltejs/kit';
import { requireApiUser } from '../authz/guards';
import { findAnalysisForUser, type AnalysisRow } from '../db/queries/analyses';
import { audit } from '../governance/audit';
import type { EditResult } from './edits';
import { analysisView, effectiveStatus } from './view';

/** The signed-in person's analysis named in the URL, or 404 (someone else's is 404 too). */
export async function requireOwnAnalysis(event: RequestEvent) {
	const user = requireApiUser(event);
	const analysis = await findAnalysisForUser(event.params.id ?? '', user.id);
	if (!analysis) error(404, { message: 'Analysis not found', errorId: event.locals.requestId });
	return { user, analysis };
}

/** Themes can be changed, exported and summarised only once the analysis has finished. */
export async function requireComplete(analysis: AnalysisRow, errorId: string, doing = 'change its themes') {
	if (analysis.status === 'complete') return;
	const { status } = await effectiveStatus(analysis);
	const message =
		status === 'failed'
			? `This analysis failed, so you cannot ${doing}. Start a new analysis.`
			: `This analysis has not finished yet. You can ${doing} once it has.`;
	error(409, { message, errorId });
}

/** The answer to an edit: the refusal, or the audit event (no content) and the analysis as it now is. */
export async function editAnswer(
	event: RequestEvent,
	analysis: AnalysisRow,
	result: EditResult,
	action: 'analysis.theme_renamed' | 'analysis.themes_merged' | 'analysis.theme_split',
	details: Record<string, unknown> = {}
): Promise<Response> {
	const errorId = event.locals.requestId;
	if (!result.ok) return json({ message: result.message, errorId }, { status: result.status });
	await audit(event, action, {
		targetType: 'analysis',
		targetId: analysis.id,
		details: { chatId: analysis.chatId, themeId: result.themeId, ...details }
	});
	return json(await analysisView(analysis));
}
