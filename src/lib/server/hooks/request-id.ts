import type { Handle } from '@sveltejs/kit';

const SAFE_ID = /^[A-Za-z0-9-]{8,64}$/;

/** Gives every request an id that ends up in error pages, logs and audit events. */
export const requestId: Handle = async ({ event, resolve }) => {
	const incoming = event.request.headers.get('x-request-id');
	event.locals.requestId = incoming && SAFE_ID.test(incoming) ? incoming : crypto.randomUUID();
	event.locals.user = null;
	event.locals.session = null;
	const response = await resolve(event);
	response.headers.set('x-request-id', event.locals.requestId);
	return response;
};
