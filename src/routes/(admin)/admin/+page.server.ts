import { requireAdmin } from '$lib/server/authz/guards';
import { countAdmins, countUsers } from '$lib/server/db/queries/users';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const [users, admins] = await Promise.all([countUsers(), countAdmins()]);
	return { users, admins };
};
