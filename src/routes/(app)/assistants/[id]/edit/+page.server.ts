import { error } from '@sveltejs/kit';
import { draftFromAssistant } from '$lib/schemas/assistant-form';
import { requireUser } from '$lib/server/authz/guards';
import {
	builderOptions,
	handleBuilderSubmit,
	savedMessage,
	updateFromBuilder
} from '$lib/server/assistants/builder-page';
import { getAssistant } from '$lib/server/assistants/service';
import { takeFlash } from '$lib/server/flash';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const assistant = await getAssistant(user, event.params.id);
	if (!assistant) error(404, { message: 'Assistant not found', errorId: event.locals.requestId });
	if (!assistant.can.edit) {
		error(403, { message: 'You can use this assistant but not change it', errorId: event.locals.requestId });
	}
	return {
		assistant: {
			id: assistant.id,
			name: assistant.name,
			version: assistant.version,
			canShare: assistant.can.share,
			organisation: assistant.visibility === 'organisation',
			liveVersion: assistant.liveVersion
		},
		draft: draftFromAssistant(assistant),
		options: await builderOptions(user),
		flash: takeFlash(event.cookies, '/assistants')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		return handleBuilderSubmit(event, updateFromBuilder(user, event.params.id), (a) => savedMessage(a, user));
	}
};
