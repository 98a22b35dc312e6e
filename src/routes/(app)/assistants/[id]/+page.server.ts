import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/authz/guards';
import { duplicateAction, startChatAction } from '$lib/server/assistants/page-actions';
import { getAssistant } from '$lib/server/assistants/service';
import { takeFlash } from '$lib/server/flash';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const a = await getAssistant(user, event.params.id);
	if (!a) error(404, { message: 'Assistant not found', errorId: event.locals.requestId });
	const { updatedAt, ownerId: _ownerId, ...rest } = a;
	return { assistant: { ...rest, updatedAt: updatedAt.toISOString() }, flash: takeFlash(event.cookies, '/assistants') };
};

export const actions: Actions = {
	start: startChatAction,
	duplicate: duplicateAction
};
