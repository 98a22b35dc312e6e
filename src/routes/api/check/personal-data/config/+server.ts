import { json } from '@sveltejs/kit';
import { requireApiUser } from '$lib/server/authz/guards';
import { guardConfig } from '$lib/server/chat/guard';
import type { RequestHandler } from './$types';

/** The guard's mode and hospital-number pattern, so the browser runs the same rules as the server. */
export const GET: RequestHandler = async (event) => {
	requireApiUser(event);
	return json(await guardConfig(), { headers: { 'cache-control': 'no-store' } });
};
