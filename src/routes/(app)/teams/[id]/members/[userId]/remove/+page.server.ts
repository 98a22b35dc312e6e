import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { SessionUser } from '$lib/schemas/user';
import { requireUser } from '$lib/server/authz/guards';
import { setFlash } from '$lib/server/flash';
import { getTeam, removeMember } from '$lib/server/teams/service';
import type { Actions, PageServerLoad } from './$types';

/** The team and the member to remove; 404 unless the viewer may remove them (owners, admins, or themselves). */
async function target(event: RequestEvent<{ id: string; userId: string }>, user: SessionUser) {
	const team = await getTeam(user, event.params.id);
	const member = team?.members.find((m) => m.userId === event.params.userId);
	const self = member?.userId === user.id;
	if (!team || !member || (!self && !team.can.manage)) {
		error(404, { message: 'Team member not found', errorId: event.locals.requestId });
	}
	return { team, member, self };
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { team, member, self } = await target(event, user);
	const owners = team.members.filter((m) => m.role === 'owner').length;
	return {
		team: { id: team.id, name: team.name },
		member: { userId: member.userId, name: member.name, role: member.role },
		self,
		lastOwner: member.role === 'owner' && owners <= 1
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const { team, member, self } = await target(event, user);
		const result = await removeMember(user, team.id, { userId: member.userId }, { requestId: event.locals.requestId });
		if (!result.ok) return fail(result.status, { message: result.message });
		if (self) {
			setFlash(event.cookies, '/teams', `You left ${team.name}`);
			redirect(303, '/teams');
		}
		setFlash(event.cookies, '/teams', `${member.name} was removed from ${team.name}`);
		redirect(303, `/teams/${team.id}`);
	}
};
