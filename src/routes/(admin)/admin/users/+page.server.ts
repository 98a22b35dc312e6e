import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { formFields } from '$lib/schemas/auth';
import { requireAdmin } from '$lib/server/authz/guards';
import { canChangeRole } from '$lib/server/authz/policy';
import { listPeople } from '$lib/server/db/queries/people';
import { listAllTeams, listTeamMemberIds } from '$lib/server/db/queries/teams';
import { countAdmins, findUserById, setUserRole } from '$lib/server/db/queries/users';
import { filterPeople, parsePeopleFilters } from '$lib/server/people/filters';
import { inviteToOrganisation } from '$lib/server/people/invitations';
import { audit } from '$lib/server/governance/audit';
import { mailEnabled } from '$lib/server/mail/mailer';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const filters = parsePeopleFilters(event.url.searchParams);
	const [people, teams] = await Promise.all([listPeople(), listAllTeams()]);
	const memberships = filters.team ? new Set(await listTeamMemberIds(filters.team)) : null;
	const deleted = event.url.searchParams.get('deleted') ?? '';
	return {
		// After a deletion: the short reference the audit log now shows for them (never their name).
		deletedRef: /^[0-9a-f]{8}$/.test(deleted) ? deleted : null,
		mailOn: mailEnabled(),
		filters,
		teams: teams.map((t) => ({ id: t.id, name: t.name })),
		total: people.length,
		users: filterPeople(people, filters, memberships).map((u) => ({
			id: u.id,
			name: u.name,
			email: u.email,
			role: u.role,
			createdAt: u.createdAt.toISOString(),
			deactivatedAt: u.deactivatedAt?.toISOString() ?? null,
			lastActiveAt: u.lastActiveAt?.toISOString() ?? null
		}))
	};
};

const roleChange = z.object({
	userId: z.uuid({ error: 'Choose a user' }),
	role: z.enum(['member', 'admin'], { error: 'Choose member or admin' })
});

export const actions: Actions = {
	invite: async (event) => {
		const admin = requireAdmin(event);
		const raw = formFields(await event.request.formData(), ['inviteEmail', 'inviteRole']);
		const values = { inviteEmail: raw.inviteEmail ?? '', inviteRole: raw.inviteRole ?? 'member' };
		const r = await inviteToOrganisation(admin, raw, event.url.origin, { requestId: event.locals.requestId });
		if (!r.ok) return fail(r.status, { action: 'invite', values, errors: r.errors });
		return {
			action: 'invite',
			invite: {
				email: r.value.email,
				role: r.value.role,
				url: r.value.url,
				expiresAt: r.value.expiresAt.toISOString(),
				delivery: r.value.delivery
			}
		};
	},

	setRole: async (event) => {
		const admin = requireAdmin(event);
		const parsed = roleChange.safeParse(formFields(await event.request.formData(), ['userId', 'role']));
		if (!parsed.success) return fail(400, { message: parsed.error.issues[0].message });
		const { userId, role } = parsed.data;

		const target = await findUserById(userId);
		if (!target) error(404, { message: 'User not found', errorId: event.locals.requestId });
		if (target.role === role)
			return { message: `${target.name} is already ${role === 'admin' ? 'an administrator' : 'a member'}` };

		const allowed = canChangeRole({ currentRole: target.role, targetRole: role, adminCount: await countAdmins() });
		if (!allowed.ok) return fail(400, { message: allowed.reason });

		await setUserRole(userId, role);
		await audit(event, 'user.role_changed', {
			actorId: admin.id,
			targetType: 'user',
			targetId: userId,
			details: { before: { role: target.role }, after: { role } }
		});
		return { message: `${target.name} is now ${role === 'admin' ? 'an administrator' : 'a member'}` };
	}
};
