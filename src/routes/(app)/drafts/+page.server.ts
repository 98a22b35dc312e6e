import { requireUser } from '$lib/server/authz/guards';
import { listDraftsAwaitingReview, listOwnDrafts } from '$lib/server/db/queries/draft-reviews';
import type { PageServerLoad } from './$types';

/** The person's drafts, and the drafts colleagues have asked them to review. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const [mine, toReview] = await Promise.all([listOwnDrafts(user.id), listDraftsAwaitingReview(user.id)]);
	return { mine, toReview };
};
