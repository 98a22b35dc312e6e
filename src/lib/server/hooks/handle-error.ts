import type { HandleServerError } from '@sveltejs/kit';

/** Unexpected errors: log the stack with a reference, show the person only the reference. */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const errorId = event.locals.requestId ?? crypto.randomUUID();
	if (status !== 404) {
		console.error(`[error ${errorId}] ${event.request.method} ${event.route.id ?? event.url.pathname}`, error);
	}
	return {
		message: status === 404 ? 'Page not found' : status >= 500 ? 'Sorry, there is a problem with the service' : message,
		errorId
	};
};
