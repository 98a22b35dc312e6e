import { requireUser } from '$lib/server/authz/guards';
import { assistantForTests, findEvaluationView } from '$lib/server/assistants/tests-page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	event.depends('app:evaluation');
	const user = requireUser(event);
	const a = await assistantForTests(event, user);
	const run = await findEvaluationView(event, user, a);
	return {
		assistant: { id: a.id, name: a.name, version: a.version },
		questions: Object.fromEntries(a.intake.questions.map((q) => [q.id, q.label])),
		run
	};
};
