import { confirmTotp, disableTotp, securitySummary, startTotp } from '$lib/server/auth/account-security';
import { requireUser } from '$lib/server/authz/guards';
import { listAcceptancesForUser } from '$lib/server/db/queries/acceptable-use';
import { listChatsForUser } from '$lib/server/db/queries/chats';
import { listTeamsForUser } from '$lib/server/db/queries/records';
import { getSetting } from '$lib/server/governance/settings';
import { fail } from '@sveltejs/kit';
import { formFields } from '$lib/schemas/auth';
import { changeOwnName, changeOwnPassword } from '$lib/server/people/account';
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

// Name and password (Your account › Your details): kept apart from other account actions to ease merging.
export const actions: Actions = {
	startTotp,
	confirmTotp,
	disableTotp,
	name: async (event) => {
		const user = requireUser(event);
		const raw = formFields(await event.request.formData(), ['name']);
		const r = await changeOwnName(user, raw, { requestId: event.locals.requestId });
		if (!r.ok) return fail(400, { action: 'name', values: { name: raw.name ?? '' }, errors: r.errors });
		return { action: 'name', message: 'Your name has been changed' };
	},
	password: async (event) => {
		const user = requireUser(event);
		const raw = formFields(await event.request.formData(), ['currentPassword', 'newPassword', 'confirmPassword']);
		const sessionId = event.locals.session?.id ?? null;
		const r = await changeOwnPassword(user, sessionId, raw, { requestId: event.locals.requestId });
		if (!r.ok) return fail(400, { action: 'password', errors: r.errors });
		const ended = r.value.sessionsEnded;
		const others = ended === 0 ? '' : ` You were signed out on ${ended} other ${ended === 1 ? 'device' : 'devices'}.`;
		return { action: 'password', message: `Your password has been changed.${others}` };
	}
};
