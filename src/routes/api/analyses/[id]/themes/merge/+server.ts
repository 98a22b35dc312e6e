import { mergeThemesSchema } from '$lib/schemas/analysis';
import { mergeAnalysisThemes } from '$lib/server/analysis/edits';
import { editAnswer, requireComplete, requireOwnAnalysis } from '$lib/server/analysis/http';
import { parseJsonBody } from '$lib/server/chat/request';
import type { RequestHandler } from './$types';

/** Merges two or more themes into one holding each of their responses once: 200 with the analysis. */
export const POST: RequestHandler = async (event) => {
	const { user, analysis } = await requireOwnAnalysis(event);
	const input = await parseJsonBody(event.request, mergeThemesSchema, event.locals.requestId);
	await requireComplete(analysis, event.locals.requestId);
	const result = await mergeAnalysisThemes(analysis, input, user);
	return editAnswer(event, analysis, result, 'analysis.themes_merged', { merged: input.themeIds.length });
};
