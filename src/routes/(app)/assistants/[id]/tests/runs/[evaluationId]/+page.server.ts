import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/authz/guards';
import { assistantForTests, findEvaluationWithResults } from '$lib/server/assistants/tests-page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	event.depends('app:evaluation');
	const user = requireUser(event);
	const a = await assistantForTests(event, user);
	const run = await findEvaluationWithResults(a.id, event.params.evaluationId);
	if (!run) error(404, { message: 'Evaluation not found', errorId: event.locals.requestId });
	return { assistant: { id: a.id, name: a.name, version: a.version }, run };
};
