import { rejectEdit } from '$lib/server/drafts/accept';
import { requireDraft } from '$lib/server/drafts/http';
import type { RequestHandler } from './$types';

/** Turns down a suggested edit; the draft is unchanged. */
export const POST: RequestHandler = async (event) => {
	const { draft } = await requireDraft(event, 'author');
	return rejectEdit(event, draft);
};
