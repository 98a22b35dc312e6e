import { json } from '@sveltejs/kit';
import { requireApiUser } from '$lib/server/authz/guards';
import { createPrompt, listPrompts, type PromptScope } from '$lib/server/assistants/prompts';
import type { RequestHandler } from './$types';
import { readJsonBody } from '$lib/server/assistants/http';
import { notJson, respond } from '$lib/server/assistants/prompt-responses';

const SCOPES: PromptScope[] = ['all', 'mine', 'team', 'organisation'];

/** The saved prompts I can use, by title; `?scope=mine|team|organisation` narrows the list. */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const asked = event.url.searchParams.get('scope') ?? 'all';
	if (!SCOPES.includes(asked as PromptScope)) {
		return json(
			{ message: `scope must be one of: ${SCOPES.join(', ')}`, errorId: event.locals.requestId, errors: {} },
			{ status: 400 }
		);
	}
	const prompts = await listPrompts(user, asked as PromptScope);
	return json({ prompts }, { headers: { 'cache-control': 'no-store' } });
};

/** Saves a prompt: `{title, body, visibility, teamId?}`. */
export const POST: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const read = await readJsonBody(event.request);
	if (!read.ok) return notJson(event.locals.requestId);
	const result = await createPrompt(user, read.body, { requestId: event.locals.requestId });
	return respond(result, event.locals.requestId, 201);
};
