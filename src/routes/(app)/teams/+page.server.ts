import { fail, redirect } from '@sveltejs/kit';
import { formFields } from '$lib/schemas/auth';
import { requireUser } from '$lib/server/authz/guards';
import { setFlash, takeFlash } from '$lib/server/flash';
import { createTeam, listMyTeams } from '$lib/server/teams/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const teams = await listMyTeams(user);
	return {
		flash: takeFlash(event.cookies, '/teams'),
		teams: teams.map((t) => ({
			id: t.id,
			name: t.name,
			description: t.description,
			role: t.role,
			memberCount: t.memberCount
		}))
	};
};

export const actions: Actions = {
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
