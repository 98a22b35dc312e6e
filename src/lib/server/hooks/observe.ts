import type { Handle } from '@sveltejs/kit';
import { logger } from '../observability/log';
import { httpDuration } from '../observability/metrics';

const QUIET = new Set(['/health', '/ready', '/metrics']);

/**
 * Times every request for the metrics and logs one line for it: method, route (the pattern, never the
 * path or query, which can hold what someone searched for), status and time, with the request id.
 */
export const observe: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	const route = event.route.id ?? 'unmatched';
	let status = 500;
	try {
		const response = await resolve(event);
		status = response.status;
		return response;
	} finally {
		const seconds = (performance.now() - started) / 1000;
		httpDuration.observe({ method: event.request.method, route, status: String(status) }, seconds);
		// The request id as a field, not a child logger: the same line, without building a logger per request.
		const log = logger();
		if (log.isLevelEnabled(QUIET.has(route) ? 'debug' : 'info')) {
			const fields = {
				requestId: event.locals.requestId,
				method: event.request.method,
				route,
				status,
				ms: Math.round(seconds * 1000)
			};
			if (QUIET.has(route)) log.debug(fields, 'request');
			else log.info(fields, 'request');
		}
	}
};
