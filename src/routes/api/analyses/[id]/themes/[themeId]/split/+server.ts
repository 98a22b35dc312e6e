import { splitThemeSchema } from '$lib/schemas/analysis';
import { splitAnalysisTheme } from '$lib/server/analysis/edits';
import { editAnswer, requireComplete, requireOwnAnalysis } from '$lib/server/analysis/http';
import { parseJsonBody } from '$lib/server/chat/request';
import type { RequestHandler } from './$types';

/** Moves the chosen responses of a theme into a new theme: 200 with the analysis. */
export const POST: RequestHandler = async (event) => {
	const { user, analysis } = await requireOwnAnalysis(event);
	const input = await parseJsonBody(event.request, splitThemeSchema, event.locals.requestId);
	await requireComplete(analysis, event.locals.requestId);
	const result = await splitAnalysisTheme(analysis, event.params.themeId, input, user);
	const moved = result.ok ? result.count : undefined;
	return editAnswer(event, analysis, result, 'analysis.theme_split', { from: event.params.themeId, moved });
};
