import { requireAdmin } from '$lib/server/authz/guards';
import { listTeamsForAdmin } from '$lib/server/teams/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const admin = requireAdmin(event);
	const teams = (await listTeamsForAdmin(admin)) ?? [];
	return {
		teams: teams.map((t) => ({
			id: t.id,
			name: t.name,
			ownerNames: t.ownerNames,
			memberCount: t.memberCount,
			createdAt: t.createdAt.toISOString()
		}))
	};
};
