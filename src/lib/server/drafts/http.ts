/** The draft endpoints' shared guard: the draft in the URL, if the signed-in person may see it. */
import { error, type RequestEvent } from '@sveltejs/kit';
import { requireApiUser } from '../authz/guards';
import { findDraftAccess, type DraftRole } from '../db/queries/draft-access';

/**
 * The draft named in the URL and the person's role on it. Someone else's draft (not asked to review
 * it) is 404, like a missing one; `need: 'author'` makes reviewers' attempts to change it 403.
 */
export async function requireDraft(event: RequestEvent, need: DraftRole | 'any' = 'any') {
	const user = requireApiUser(event);
	const access = await findDraftAccess(event.params.id ?? '', user.id);
	if (!access) error(404, { message: 'Draft not found', errorId: event.locals.requestId });
	if (need === 'author' && access.role !== 'author') {
		error(403, { message: 'Only the author can change this draft', errorId: event.locals.requestId });
	}
	return { user, ...access };
}
