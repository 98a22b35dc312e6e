import { error, fail, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/authz/guards';
import { deleteAssistant, getAssistant } from '$lib/server/assistants/service';
import { setFlash } from '$lib/server/flash';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const a = await getAssistant(user, event.params.id);
	if (!a) error(404, { message: 'Assistant not found', errorId: event.locals.requestId });
	if (!a.can.delete) error(403, { message: 'You cannot delete this assistant', errorId: event.locals.requestId });
	return { assistant: { id: a.id, name: a.name, visibility: a.visibility, teamName: a.teamName } };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const a = await getAssistant(user, event.params.id);
		if (!a) error(404, { message: 'Assistant not found', errorId: event.locals.requestId });
		const result = await deleteAssistant(user, a.id);
		if (!result.ok) {
			if (result.status === 404) error(404, { message: result.message, errorId: event.locals.requestId });
			return fail(result.status, { message: result.message });
		}
		setFlash(event.cookies, '/assistants', `“${a.name}” was deleted`);
		redirect(303, '/assistants');
	}
};
