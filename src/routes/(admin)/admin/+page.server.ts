import { requireAdmin } from '$lib/server/authz/guards';
import { countDocuments, listCollections } from '$lib/server/db/queries/corpus';
import { countTeams } from '$lib/server/db/queries/teams';
import { countAdmins, countUsers } from '$lib/server/db/queries/users';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const [users, admins, documents, collections, teams] = await Promise.all([
		countUsers(),
		countAdmins(),
		countDocuments(),
		listCollections(),
		countTeams()
	]);
	return { users, admins, documents, collections: collections.length, teams };
};
