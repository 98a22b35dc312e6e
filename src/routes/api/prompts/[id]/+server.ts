import { error, json } from '@sveltejs/kit';
import { requireApiUser } from '$lib/server/authz/guards';
import { deletePrompt, getPrompt, updatePrompt } from '$lib/server/assistants/prompts';
import { readJsonBody } from '$lib/server/assistants/http';
import { notJson, respond } from '$lib/server/assistants/prompt-responses';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const prompt = await getPrompt(user, event.params.id);
	if (!prompt) error(404, { message: 'Prompt not found', errorId: event.locals.requestId });
	return json(prompt, { headers: { 'cache-control': 'no-store' } });
};

/** Changes any of `{title, body, visibility, teamId}`. */
export const PATCH: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const read = await readJsonBody(event.request);
	if (!read.ok) {
		// Someone who cannot see the prompt learns nothing, even from a malformed request.
		if (!(await getPrompt(user, event.params.id)))
			error(404, { message: 'Prompt not found', errorId: event.locals.requestId });
		return notJson(event.locals.requestId);
	}
	return respond(
		await updatePrompt(user, event.params.id, read.body, { requestId: event.locals.requestId }),
		event.locals.requestId
	);
};

export const DELETE: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	return respond(
		await deletePrompt(user, event.params.id, { requestId: event.locals.requestId }),
		event.locals.requestId
	);
};
