import { json } from '@sveltejs/kit';
import { readiness } from '$lib/server/cluster/lifecycle';
import type { RequestHandler } from './$types';

/**
 * Public by design, like /health: a load balancer sends new requests only to instances that answer
 * 200 (database reachable, migrations current, not shutting down); otherwise 503 with the reason.
 */
export const GET: RequestHandler = async () => {
	const r = await readiness();
	return json(
		{
			status: r.ready ? 'ready' : 'not-ready',
			database: r.database,
			migrations: r.migrations,
			shuttingDown: r.shuttingDown
		},
		{ status: r.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
};
