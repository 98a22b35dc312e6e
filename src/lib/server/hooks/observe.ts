import type { Handle } from '@sveltejs/kit';
import { requestLogger } from '../observability/log';
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
		const fields = { method: event.request.method, route, status, ms: Math.round(seconds * 1000) };
		const log = requestLogger(event.locals.requestId);
		if (QUIET.has(route)) log.debug(fields, 'request');
		else log.info(fields, 'request');
	}
};
