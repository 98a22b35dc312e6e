import { fail, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/authz/guards';
import { createPrompt, listPrompts, promptTeams } from '$lib/server/assistants/prompts';
import { promptFormBody } from '$lib/server/assistants/prompt-form';
import { setFlash, takeFlash } from '$lib/server/flash';
import type { Actions, PageServerLoad } from './$types';

/** The prompt library: mine, my teams' and the organisation's, and a form to add one. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const [prompts, teams] = await Promise.all([listPrompts(user), promptTeams(user)]);
	return {
		mine: prompts.filter((p) => p.visibility === 'private'),
		team: prompts.filter((p) => p.visibility === 'team'),
		organisation: prompts.filter((p) => p.visibility === 'organisation'),
		teams,
		isAdmin: user.role === 'admin',
		flash: takeFlash(event.cookies, '/prompts')
	};
};

export const actions: Actions = {
	create: async (event) => {
		const user = requireUser(event);
		const body = promptFormBody(await event.request.formData());
		const result = await createPrompt(user, body, { requestId: event.locals.requestId });
		if (!result.ok) {
			return fail(result.status === 403 ? 403 : 400, {
				values: { ...body, teamId: body.teamId ?? '' },
				errors: result.fieldErrors ?? { form: result.message }
			});
		}
		setFlash(event.cookies, '/prompts', `“${result.value.title}” was saved`);
		redirect(303, '/prompts');
	}
};
