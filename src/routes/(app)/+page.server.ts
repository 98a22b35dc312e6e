import { requireUser } from '$lib/server/authz/guards';
import { modelsForPage } from '$lib/server/chat/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return {
		firstName: user.name.split(/\s+/)[0],
		...modelsForPage(user),
		deleted: event.url.searchParams.has('deleted')
	};
};
