import type { HandleServerError } from '@sveltejs/kit';
import { errorFields, requestLogger } from '../observability/log';

/** Unexpected errors: log the stack with a reference, show the person only the reference. */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const errorId = event.locals.requestId ?? crypto.randomUUID();
	if (status !== 404) {
		requestLogger(errorId).error(
			{ method: event.request.method, route: event.route.id ?? 'unmatched', status, ...errorFields(error) },
			'unexpected error'
		);
	}
	return {
		message: status === 404 ? 'Page not found' : status >= 500 ? 'Sorry, there is a problem with the service' : message,
		errorId
	};
};
