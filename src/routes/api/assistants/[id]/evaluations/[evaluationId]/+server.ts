import { requireApiUser } from '$lib/server/authz/guards';
import { respond } from '$lib/server/assistants/http';
import { getEvaluationFor } from '$lib/server/assistants/evaluation/service';
import type { RequestHandler } from './$types';

/** `{"status","model","assistantVersion","passRate","results":[...]}` and the run's counts. */
export const GET: RequestHandler = async (event) => {
	const user = requireApiUser(event);
	return respond(await getEvaluationFor(user, event.params.id, event.params.evaluationId), event.locals.requestId);
};
