import { error, json } from '@sveltejs/kit';
import { requireApiUser } from '$lib/server/authz/guards';
import { readJson, respond } from '$lib/server/assistants/http';
import { deleteAssistant, getAssistant, updateAssistant } from '$lib/server/assistants/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const assistant = await getAssistant(user, event.params.id);
	if (!assistant) error(404, { message: 'Assistant not found', errorId: event.locals.requestId });
	return json(assistant, { headers: { 'cache-control': 'no-store' } });
};

/** Saves a new version with the changed fields (and an optional `changeNote`). */
export const PATCH: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const body = await readJson(event.request, event.locals.requestId);
	return respond(await updateAssistant(user, event.params.id, body), event.locals.requestId);
};

export const DELETE: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	return respond(await deleteAssistant(user, event.params.id), event.locals.requestId);
};
