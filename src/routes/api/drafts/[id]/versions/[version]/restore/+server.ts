import { restoreVersionSchema } from '$lib/schemas/drafts';
import { parseJsonBody } from '$lib/server/chat/request';
import { audit } from '$lib/server/governance/audit';
import { requireDraft } from '$lib/server/drafts/http';
import { saveAndRespond } from '$lib/server/drafts/save';
import { requireVersion } from '$lib/server/drafts/versions';
import type { RequestHandler } from './$types';

/** Makes an earlier version the latest again, as a new version (nothing in the history is lost). */
export const POST: RequestHandler = async (event) => {
	const { draft, user } = await requireDraft(event, 'author');
	const old = await requireVersion(event, draft.id);
	const input = await parseJsonBody(event.request, restoreVersionSchema, event.locals.requestId);
	const { response, result } = await saveAndRespond(
		{
			draftId: draft.id,
			baseVersion: input.baseVersion,
			content: old.content,
			title: old.title,
			authorId: user.id,
			source: 'restored',
			note: `Restored version ${old.version}`
		},
		event.locals.requestId
	);
	if (result.ok) {
		await audit(event, 'draft.restored', {
			targetType: 'draft',
			targetId: draft.id,
			details: { restoredVersion: old.version, version: result.version }
		});
	}
	return response;
};
