import { error } from '@sveltejs/kit';
import type { ChatEvent } from '$lib/schemas/chat';
import { failStreamingAssistantMessage } from '../db/queries/chats';
import { eventStreamResponse } from './sse';
import { pickModel, runTurn, type TurnInput } from './turn';
import { errorFields, logger } from '../observability/log';

const FAILURE_MESSAGE = 'Sorry, there is a problem with the service. Try again.';

function failureEvent(errorId: string): ChatEvent {
	return { event: 'error', data: { message: FAILURE_MESSAGE, errorId, retryable: true } };
}

/**
 * Relays a turn's events. When something unexpected escapes the turn, the answer it had started is
 * ended at once as `error` with the text streamed so far (never left `streaming` until a restart), and
 * the person gets an `error` event followed by `done`, as for any other failure.
 */
export async function* guardTurn(
	turn: AsyncGenerator<ChatEvent>,
	errorId: string,
	what: string
): AsyncGenerator<ChatEvent> {
	let assistantMessageId: string | undefined;
	let partial = '';
	let finished = false;
	try {
		for await (const e of turn) {
			if (e.event === 'start') assistantMessageId = e.data.assistantMessageId;
			else if (e.event === 'token') partial += e.data.text;
			else if (e.event === 'done') finished = true;
			yield e;
		}
	} catch (e) {
		logger().error({ requestId: errorId, what, ...errorFields(e) }, 'turn failed');
		if (finished) return;
		let status: Awaited<ReturnType<typeof failStreamingAssistantMessage>> = 'error';
		if (assistantMessageId) {
			try {
				status = await failStreamingAssistantMessage(assistantMessageId, partial, FAILURE_MESSAGE);
			} catch (saveError) {
				// The database itself is failing; the start-up sweep marks the answer interrupted later.
				logger().error({ requestId: errorId, ...errorFields(saveError) }, 'could not mark the failed answer');
			}
		}
		yield failureEvent(errorId);
		// Before `start` there is no answer to end, so there is no `done` either.
		if (assistantMessageId) yield { event: 'done', data: { assistantMessageId, status: status ?? 'error' } };
	}
}

/**
 * The shared end of every endpoint that answers a question: refuses an unknown model with 400, then
 * streams the turn as server-sent events. An unexpected failure is logged and sent as `error` then `done`.
 */
export async function streamTurn(
	request: Request,
	input: Omit<TurnInput, 'signal' | 'errorId'> & { errorId: string },
	what: string
): Promise<Response> {
	const picked = await pickModel(input.model);
	if ('error' in picked) error(400, { message: picked.error, errorId: input.errorId });
	return eventStreamResponse(
		(signal) => guardTurn(runTurn({ ...input, signal }), input.errorId, what),
		request,
		(e) => {
			logger().error({ requestId: input.errorId, what, ...errorFields(e) }, 'turn failed');
			return failureEvent(input.errorId);
		}
	);
}
