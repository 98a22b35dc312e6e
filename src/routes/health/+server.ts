import { json } from '@sveltejs/kit';
import { pingDatabase } from '$lib/server/db/queries/health';
import type { RequestHandler } from './$types';

/** Public by design: load balancers and uptime monitors call it without a session. */
export const GET: RequestHandler = async () => {
	const ok = await pingDatabase();
	return json(
		{ status: ok ? 'ok' : 'error', database: ok ? 'ok' : 'error' },
		{ status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
};
