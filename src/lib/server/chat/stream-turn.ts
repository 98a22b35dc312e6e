import { error } from '@sveltejs/kit';
import { eventStreamResponse } from './sse';
import { pickModel, runTurn, type TurnInput } from './turn';

/**
 * The shared end of every endpoint that answers a question: refuses an unknown model with 400, then
 * streams the turn as server-sent events. An unexpected failure is logged and sent as one `error` event.
 */
export function streamTurn(
	request: Request,
	input: Omit<TurnInput, 'signal' | 'errorId'> & { errorId: string },
	what: string
): Response {
	const picked = pickModel(input.model);
	if ('error' in picked) error(400, { message: picked.error, errorId: input.errorId });
	return eventStreamResponse(
		(signal) => runTurn({ ...input, signal }),
		request,
		(e) => {
			console.error(`[error ${input.errorId}] ${what} failed`, e);
			return {
				event: 'error',
				data: {
					message: 'Sorry, there is a problem with the service. Try again.',
					errorId: input.errorId,
					retryable: true
				}
			};
		}
	);
}
