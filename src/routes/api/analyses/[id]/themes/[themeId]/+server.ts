import { renameThemeSchema } from '$lib/schemas/analysis';
import { renameAnalysisTheme } from '$lib/server/analysis/edits';
import { editAnswer, requireComplete, requireOwnAnalysis } from '$lib/server/analysis/http';
import { parseJsonBody } from '$lib/server/chat/request';
import type { RequestHandler } from './$types';

/** Renames a theme or changes its description: 200 with the analysis as it now is. */
export const PATCH: RequestHandler = async (event) => {
	const { user, analysis } = await requireOwnAnalysis(event);
	const input = await parseJsonBody(event.request, renameThemeSchema, event.locals.requestId);
	await requireComplete(analysis, event.locals.requestId);
	const result = await renameAnalysisTheme(analysis, event.params.themeId, input, user);
	return editAnswer(event, analysis, result, 'analysis.theme_renamed');
};
