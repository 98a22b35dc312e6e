import { error } from '@sveltejs/kit';
import { metricsAuthorised } from '$lib/server/observability/metrics-access';
import { registry } from '$lib/server/observability/metrics';
import type { RequestHandler } from './$types';

/**
 * Prometheus metrics for this instance. Off (404) unless METRICS_TOKEN is set, and then only with
 * `Authorization: Bearer <token>`; a wrong or missing token is 404 too, so the endpoint is not advertised.
 */
export const GET: RequestHandler = async ({ request, locals }) => {
	if (!metricsAuthorised(request.headers.get('authorization'))) {
		error(404, { message: 'Page not found', errorId: locals.requestId });
	}
	return new Response(await registry.metrics(), {
		headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' }
	});
};
