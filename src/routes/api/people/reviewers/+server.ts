import { json } from '@sveltejs/kit';
import { requireApiUser } from '$lib/server/authz/guards';
import { searchActivePeople } from '$lib/server/db/queries/draft-reviews';
import type { RequestHandler } from './$types';

/**
 * People who can be asked to review a draft: active colleagues whose name or email contains `q`
 * (clinical reviewers first). Signed-in people only, and only name, email and the clinical flag.
 */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, 100);
	const people = await searchActivePeople(q, user.id, 20);
	return json({ people: people.map((p) => ({ name: p.name, email: p.email, clinical: p.clinical })) });
};
