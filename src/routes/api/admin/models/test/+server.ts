import { z } from 'zod';
import { error } from '@sveltejs/kit';
import { MODEL_ID_PATTERN } from '$lib/schemas/model-connection';
import { requireApiAdmin } from '$lib/server/authz/guards';
import { connectionTestEvents } from '$lib/server/model-connections/test';
import type { RequestHandler } from './$types';

const bodySchema = z.object({ model: z.string().regex(MODEL_ID_PATTERN).optional() });

/** Streams a connection test as newline-delimited JSON events, so the page shows the reply arriving. */
export const POST: RequestHandler = async (event) => {
	requireApiAdmin(event);
	const parsed = bodySchema.safeParse(await event.request.json().catch(() => ({})));
	if (!parsed.success) error(400, { message: 'Choose a model from the list', errorId: event.locals.requestId });
	const stop = new AbortController();
	event.request.signal.addEventListener('abort', () => stop.abort(), { once: true });
	const encoder = new TextEncoder();
	const body = new ReadableStream<Uint8Array>({
		async start(controller) {
			try {
				for await (const e of connectionTestEvents(parsed.data.model, stop.signal)) {
					controller.enqueue(encoder.encode(`${JSON.stringify(e)}\n`));
				}
			} finally {
				try {
					controller.close();
				} catch {
					// The page went away.
				}
			}
		},
		cancel() {
			stop.abort();
		}
	});
	return new Response(body, {
		headers: {
			'content-type': 'application/x-ndjson; charset=utf-8',
			'cache-control': 'no-store',
			'x-accel-buffering': 'no'
		}
	});
};
