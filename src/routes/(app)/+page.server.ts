import { requireUser } from '$lib/server/authz/guards';
import { modelsForPage } from '$lib/server/chat/page';
import { listMyInvitations } from '$lib/server/teams/invitations';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return {
		firstName: user.name.split(/\s+/)[0],
		...(await modelsForPage(user)),
		deleted: event.url.searchParams.has('deleted'),
		invitations: await listMyInvitations(user)
	};
};
