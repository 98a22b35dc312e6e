import { error, json } from '@sveltejs/kit';
import { requireApiAdmin } from '$lib/server/authz/guards';
import { jobStatus } from '$lib/server/corpus/views';
import type { RequestHandler } from './$types';

/** Progress of an upload or re-embedding job, polled by the job page. */
export const GET: RequestHandler = async (event) => {
	requireApiAdmin(event);
	const job = await jobStatus(event.params.id);
	if (!job) error(404, { message: 'Job not found', errorId: event.locals.requestId });
	return json(job, { headers: { 'cache-control': 'no-store' } });
};
