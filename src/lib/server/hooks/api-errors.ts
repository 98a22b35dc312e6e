import type { Handle } from '@sveltejs/kit';

/**
 * Every `/api/` route answers errors as JSON `{"message","errorId"}`, whatever the request accepts.
 * SvelteKit picks an HTML error page unless the Accept header prefers JSON, and the workspace's own
 * stream client sends `Accept: text/event-stream`: a refused message would then reach the person as
 * "Sorry, there is a problem with the service (400)" instead of what was wrong.
 */
export const apiErrorsAsJson: Handle = async ({ event, resolve }) => {
	const id = event.route.id ?? '';
	const path = event.url.pathname;
	const api = id === '/api' || id.startsWith('/api/') || path === '/api' || path.startsWith('/api/');
	if (api && !(event.request.headers.get('accept') ?? '').includes('application/json')) {
		// Only SvelteKit's error negotiation reads Accept on these routes; the endpoints do not.
		event.request.headers.set('accept', `application/json, ${event.request.headers.get('accept') ?? '*/*'}`);
	}
	return resolve(event);
};
