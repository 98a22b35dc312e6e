import { json } from '@sveltejs/kit';
import { requireOwnAnalysis } from '$lib/server/analysis/http';
import { analysisView } from '$lib/server/analysis/view';
import { deleteAnalysis } from '$lib/server/db/queries/analyses';
import { audit } from '$lib/server/governance/audit';
import type { RequestHandler } from './$types';

/** The analysis: status and progress while it runs, then themes with counts and quotes, and its history. */
export const GET: RequestHandler = async (event) => {
	const { analysis } = await requireOwnAnalysis(event);
	return json(await analysisView(analysis), { headers: { 'cache-control': 'no-store' } });
};

/** Deletes the analysis, its responses and themes (a run in progress stops at its next batch). */
export const DELETE: RequestHandler = async (event) => {
	const { user, analysis } = await requireOwnAnalysis(event);
	await deleteAnalysis(analysis.id, user.id);
	await audit(event, 'analysis.deleted', {
		targetType: 'analysis',
		targetId: analysis.id,
		details: { chatId: analysis.chatId }
	});
	return new Response(null, { status: 204 });
};
