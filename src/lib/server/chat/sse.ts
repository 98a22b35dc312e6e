import type { ChatEvent } from '$lib/schemas/chat';

const encoder = new TextEncoder();

/** One event in standard SSE framing. */
export function formatEvent(e: ChatEvent): string {
	return `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}

/**
 * An SSE response for a turn. When the person goes away (request aborted or stream cancelled) the
 * turn is told through `stop`, and the events are still drained so that the turn can save its result.
 */
export function eventStreamResponse(
	run: (signal: AbortSignal) => AsyncGenerator<ChatEvent>,
	request: Request,
	/** Logs an unexpected failure and returns the error event to send, if the person is still there. */
	onFailure: (e: unknown) => ChatEvent
): Response {
	const stop = new AbortController();
	const abort = () => stop.abort(new Error('client closed the connection'));
	if (request.signal.aborted) abort();
	request.signal.addEventListener('abort', abort, { once: true });
	let open = true;
	const body = new ReadableStream<Uint8Array>({
		async start(controller) {
			try {
				for await (const e of run(stop.signal)) {
					if (!open) continue;
					try {
						controller.enqueue(encoder.encode(formatEvent(e)));
					} catch {
						open = false;
					}
				}
			} catch (e) {
				const event = onFailure(e);
				if (open) {
					try {
						controller.enqueue(encoder.encode(formatEvent(event)));
					} catch {
						open = false;
					}
				}
			} finally {
				request.signal.removeEventListener('abort', abort);
				if (open) {
					open = false;
					try {
						controller.close();
					} catch {
						// Already closed by the client.
					}
				}
			}
		},
		cancel() {
			open = false;
			abort();
		}
	});
	return new Response(body, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			'x-accel-buffering': 'no'
		}
	});
}
