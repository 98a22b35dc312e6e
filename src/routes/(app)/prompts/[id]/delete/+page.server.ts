import { error, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/authz/guards';
import { deletePrompt, getPrompt } from '$lib/server/assistants/prompts';
import { setFlash } from '$lib/server/flash';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const prompt = await getPrompt(user, event.params.id);
	if (!prompt) error(404, { message: 'Prompt not found', errorId: event.locals.requestId });
	if (!prompt.can.delete) {
		error(403, { message: 'You can use this prompt but not delete it', errorId: event.locals.requestId });
	}
	return { prompt: { id: prompt.id, title: prompt.title, visibility: prompt.visibility, teamName: prompt.teamName } };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const prompt = await getPrompt(user, event.params.id);
		const result = await deletePrompt(user, event.params.id, { requestId: event.locals.requestId });
		if (!result.ok) error(result.status, { message: result.message, errorId: event.locals.requestId });
		setFlash(event.cookies, '/prompts', `“${prompt?.title ?? 'The prompt'}” was deleted`);
		redirect(303, '/prompts');
	}
};
