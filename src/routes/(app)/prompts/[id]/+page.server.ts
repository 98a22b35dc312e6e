import { error, fail, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/authz/guards';
import { getPrompt, promptTeams, updatePrompt } from '$lib/server/assistants/prompts';
import { promptFormBody } from '$lib/server/assistants/prompt-form';
import { setFlash } from '$lib/server/flash';
import type { Actions, PageServerLoad } from './$types';

/** Editing one prompt: others' invisible prompts are 404, ones you can only use are 403. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const prompt = await getPrompt(user, event.params.id);
	if (!prompt) error(404, { message: 'Prompt not found', errorId: event.locals.requestId });
	if (!prompt.can.edit) {
		error(403, { message: 'You can use this prompt but not change it', errorId: event.locals.requestId });
	}
	return { prompt, teams: await promptTeams(user), isAdmin: user.role === 'admin' };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const body = promptFormBody(await event.request.formData());
		const result = await updatePrompt(user, event.params.id, body, { requestId: event.locals.requestId });
		if (!result.ok) {
			if (result.status === 404) error(404, { message: 'Prompt not found', errorId: event.locals.requestId });
			if (result.status === 403 && !result.fieldErrors) {
				error(403, { message: result.message, errorId: event.locals.requestId });
			}
			return fail(result.status, {
				values: { ...body, teamId: body.teamId ?? '' },
				errors: result.fieldErrors ?? { form: result.message }
			});
		}
		setFlash(event.cookies, '/prompts', `“${result.value.title}” was updated`);
		redirect(303, '/prompts');
	}
};
