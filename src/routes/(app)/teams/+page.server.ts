import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { formFields } from '$lib/schemas/auth';
import { requireUser } from '$lib/server/authz/guards';
import { setFlash, takeFlash } from '$lib/server/flash';
import { answerInvitation, listMyInvitations } from '$lib/server/teams/invitations';
import { createTeam, listMyTeams, roleLabel } from '$lib/server/teams/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const [teams, invitations] = await Promise.all([listMyTeams(user), listMyInvitations(user)]);
	return {
		flash: takeFlash(event.cookies, '/teams'),
		invitations,
		teams: teams.map((t) => ({
			id: t.id,
			name: t.name,
			description: t.description,
			role: t.role,
			memberCount: t.memberCount
		}))
	};
};

/** Accept or decline an invitation addressed to the signed-in person; posted from here and from the home page. */
async function answer(event: RequestEvent, accept: boolean) {
	const user = requireUser(event);
	const { invitationId } = formFields(await event.request.formData(), ['invitationId']);
	const result = await answerInvitation(user, invitationId ?? '', accept, { requestId: event.locals.requestId });
	if (!result.ok) return fail(result.status, { invitation: result.message });
	const { teamId, teamName, role } = result.value;
	if (accept) {
		setFlash(event.cookies, '/teams', `You joined “${teamName}” as ${roleLabel(role)}`);
		redirect(303, `/teams/${teamId}`);
	}
	setFlash(event.cookies, '/teams', `You declined the invitation to join “${teamName}”`);
	redirect(303, '/teams');
}

export const actions: Actions = {
	accept: (event) => answer(event, true),
	decline: (event) => answer(event, false),
	create: async (event) => {
		const user = requireUser(event);
		const raw = formFields(await event.request.formData(), ['name', 'description']);
		const values = { name: raw.name ?? '', description: raw.description ?? '' };
		const result = await createTeam(user, values, { requestId: event.locals.requestId });
		if (!result.ok) return fail(result.status, { values, errors: result.fieldErrors ?? { form: result.message } });
		setFlash(event.cookies, '/teams', `Team “${result.value.name}” created. You are its owner: add people below`);
		redirect(303, `/teams/${result.value.id}`);
	}
};
