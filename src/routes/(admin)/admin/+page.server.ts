import { requireAdmin } from '$lib/server/authz/guards';
import { countDocuments, listCollections } from '$lib/server/db/queries/corpus';
import { countTeams } from '$lib/server/db/queries/teams';
import { countAdmins, countUsers } from '$lib/server/db/queries/users';
import { firstSteps } from '$lib/server/governance/first-steps';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const [users, admins, documents, collections, teams, steps] = await Promise.all([
		countUsers(),
		countAdmins(),
		countDocuments(),
		listCollections(),
		countTeams(),
		firstSteps()
	]);
	// The checklist goes away once every step is done.
	const firstStepsLeft = steps.some((s) => !s.done) ? steps : [];
	return { users, admins, documents, collections: collections.length, teams, firstSteps: firstStepsLeft };
};
