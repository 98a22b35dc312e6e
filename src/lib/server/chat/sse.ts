import type { ChatEvent } from '$lib/schemas/chat';
import { trackAnswer } from '../cluster/answers';

const encoder = new TextEncoder();
const KEEP_ALIVE = encoder.encode(': keep-alive\n\n');

/**
 * After this long without a byte (waiting for the model, a slow search) the stream sends an SSE comment
 * so that proxies and load balancers do not close a quiet connection. Tests may shorten it.
 */
export const SSE_HEARTBEAT = { ms: 15_000 };

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
	let heartbeat: ReturnType<typeof setInterval> | undefined;
	const body = new ReadableStream<Uint8Array>({
		async start(controller) {
			const send = (bytes: Uint8Array) => {
				if (!open) return;
				try {
					controller.enqueue(bytes);
					// Any write restarts the wait for the next keep-alive.
					heartbeat?.refresh();
				} catch {
					open = false;
				}
			};
			heartbeat = setInterval(() => send(KEEP_ALIVE), SSE_HEARTBEAT.ms);
			// Once the answer exists, Stop from any instance (and shutdown) can reach it through `stop`.
			let untrack: (() => void) | undefined;
			try {
				for await (const e of run(stop.signal)) {
					if (e.event === 'start' && e.data.assistantMessageId) untrack = trackAnswer(e.data.assistantMessageId, stop);
					send(encoder.encode(formatEvent(e)));
				}
			} catch (e) {
				send(encoder.encode(formatEvent(onFailure(e))));
			} finally {
				untrack?.();
				clearInterval(heartbeat);
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
			clearInterval(heartbeat);
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
