import { json } from '@sveltejs/kit';
import { requireApiUser } from '$lib/server/authz/guards';
import { readJson, respond } from '$lib/server/assistants/http';
import { createAssistant, listAssistants, type Scope } from '$lib/server/assistants/service';
import type { RequestHandler } from './$types';

const SCOPES: Scope[] = ['all', 'mine', 'teams', 'organisation'];

/** The assistants I can see; `?q=`, `?category=` and `?scope=mine|teams|organisation` narrow the list. */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const params = event.url.searchParams;
	const scope = params.get('scope') ?? 'all';
	if (!SCOPES.includes(scope as Scope)) {
		return json(
			{ message: `scope must be one of: ${SCOPES.join(', ')}`, errorId: event.locals.requestId },
			{ status: 400 }
		);
	}
	const list = await listAssistants(user, {
		q: params.get('q')?.slice(0, 200) ?? undefined,
		category: params.get('category') ?? undefined,
		scope: scope as Scope
	});
	return json(
		list.map((a) => ({
			id: a.id,
			name: a.name,
			description: a.description,
			category: a.category,
			visibility: a.visibility,
			status: a.status,
			approval: a.approval,
			version: a.version,
			featured: a.featured,
			builtin: a.builtin,
			usageCount: a.usageCount,
			rating: a.rating,
			intake: { mode: a.intake.mode, questions: a.intake.questions }
		})),
		{ headers: { 'cache-control': 'no-store' } }
	);
};

export const POST: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	const body = await readJson(event.request, event.locals.requestId);
	return respond(await createAssistant(user, body), event.locals.requestId, 201);
};
