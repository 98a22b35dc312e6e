import { error, json } from '@sveltejs/kit';
import { requireComplete, requireOwnAnalysis } from '$lib/server/analysis/http';
import { startSummaryChat } from '$lib/server/analysis/summary-chat';
import { analysisView } from '$lib/server/analysis/view';
import { audit } from '$lib/server/governance/audit';
import type { RequestHandler } from './$types';

/**
 * Starts a chat with the "You said, we did" assistant, the analysis result attached as a document:
 * 201 `{chatId, attachmentId}` (send `attachmentIds: [attachmentId]` with the first message to ground on it).
 */
export const POST: RequestHandler = async (event) => {
	const { user, analysis } = await requireOwnAnalysis(event);
	const errorId = event.locals.requestId;
	await requireComplete(analysis, errorId, 'draft a summary from it');
	const started = await startSummaryChat(user, await analysisView(analysis));
	if (!started.ok) error(503, { message: started.message, errorId });
	await audit(event, 'attachment.uploaded', {
		targetType: 'attachment',
		targetId: started.attachmentId,
		details: { chatId: started.chatId, kind: 'document', chars: started.chars, fromAnalysis: analysis.id }
	});
	return json({ chatId: started.chatId, attachmentId: started.attachmentId }, { status: 201 });
};
