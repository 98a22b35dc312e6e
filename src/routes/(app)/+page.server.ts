import { requireUser } from '$lib/server/authz/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return { firstName: user.name.split(/\s+/)[0] };
};
