import { error } from '@sveltejs/kit';
import { requireAdmin } from '$lib/server/authz/guards';
import { jobStatus } from '$lib/server/corpus/views';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const job = await jobStatus(event.params.id);
	if (!job) error(404, { message: 'Job not found', errorId: event.locals.requestId });
	return { job };
};
