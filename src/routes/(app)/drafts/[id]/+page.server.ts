import { requireUser } from '$lib/server/authz/guards';
import { requireDraft } from '$lib/server/drafts/http';
import type { PageServerLoad } from './$types';

/** The canvas on its own page: signed in, and the draft is theirs or they were asked to review it (else 404). */
export const load: PageServerLoad = async (event) => {
	requireUser(event);
	const { draft } = await requireDraft(event, 'any');
	return { id: draft.id, title: draft.title };
};
