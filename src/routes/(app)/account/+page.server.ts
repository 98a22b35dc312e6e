import { confirmTotp, disableTotp, securitySummary, startTotp } from '$lib/server/auth/account-security';
import { requireUser } from '$lib/server/authz/guards';
import { listAcceptancesForUser } from '$lib/server/db/queries/acceptable-use';
import { listChatsForUser } from '$lib/server/db/queries/chats';
import { listTeamsForUser } from '$lib/server/db/queries/records';
import { getSetting } from '$lib/server/governance/settings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const [teams, chats, acceptances, retentionDays, security] = await Promise.all([
		listTeamsForUser(user.id),
		listChatsForUser(user.id, undefined, 500),
		listAcceptancesForUser(user.id),
		getSetting('retention.days'),
		securitySummary(event)
	]);
	return {
		account: { name: user.name, email: user.email, role: user.role },
		teams,
		chats: chats.map((c) => ({ id: c.id, title: c.title, updatedAt: c.updatedAt.toISOString() })),
		lastAcceptance: acceptances[0]
			? { version: acceptances[0].version, acceptedAt: acceptances[0].acceptedAt.toISOString() }
			: null,
		retentionDays,
		security
	};
};

export const actions: Actions = { startTotp, confirmTotp, disableTotp };
