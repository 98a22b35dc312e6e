import { json } from '@sveltejs/kit';
import { startAnalysisSchema } from '$lib/schemas/analysis';
import { analysisListItem } from '$lib/server/analysis/view';
import { startAnalysis } from '$lib/server/analysis/start';
import { requireOwnChat } from '$lib/server/attachments/http';
import { parseJsonBody } from '$lib/server/chat/request';
import { listAnalysesForChat } from '$lib/server/db/queries/analyses';
import { audit } from '$lib/server/governance/audit';
import type { RequestHandler } from './$types';

/** The chat's analyses, newest first. */
export const GET: RequestHandler = async (event) => {
	const { chat } = await requireOwnChat(event);
	const rows = await listAnalysesForChat(chat.id);
	const analyses = await Promise.all(rows.map(analysisListItem));
	return json({ analyses }, { headers: { 'cache-control': 'no-store' } });
};

/** Starts analysing one column of an attached spreadsheet: 202 with its id; the work runs in the background. */
export const POST: RequestHandler = async (event) => {
	const { user, chat } = await requireOwnChat(event);
	const errorId = event.locals.requestId;
	const input = await parseJsonBody(event.request, startAnalysisSchema, errorId);
	const started = await startAnalysis(user, chat.id, input);
	if (!started.ok) return json({ message: started.message, errorId }, { status: started.status });
	await audit(event, 'analysis.started', {
		targetType: 'analysis',
		targetId: started.analysis.id,
		details: { chatId: chat.id, attachmentId: started.analysis.attachmentId, responses: started.analysis.responseCount }
	});
	return json({ id: started.analysis.id }, { status: 202 });
};
