/**
 * The streaming-and-saving phase: tokens are relayed as they arrive and the growing answer is saved
 * every so often, so a crash or a closed connection never loses more than a moment of it.
 */
import type { ChatEvent, MessageStatus } from '$lib/schemas/chat';
import { saveStreamingContent } from '../db/queries/chats';
import { AnswerAbort } from '../cluster/answers';
import { ChatModelError, streamChat, type ModelMessage } from '../llm/chat-models';
import { errorFields, logger } from '../observability/log';
import { modelErrors, timeToFirstToken } from '../observability/metrics';

/** The streamed text is saved when this much time has passed or this many characters have arrived. */
export const SAVE_EVERY = { ms: 500, chars: 400 };

export type StreamOutcome = {
	text: string;
	status: Exclude<MessageStatus, 'streaming'>;
	failure?: ChatModelError;
	usage?: { inputTokens: number; outputTokens: number };
};

/** A failure as the person should see it: the model's own message, or a general one. */
export function asModelError(e: unknown): ChatModelError {
	return e instanceof ChatModelError
		? e
		: new ChatModelError('Sorry, there is a problem with the service. Try again.', true, 'stream', { cause: e });
}

export async function* streamAnswer(input: {
	answerId: string;
	model: string;
	messages: ModelMessage[];
	signal: AbortSignal;
	temperature?: number;
	errorId: string;
	/** When the turn began, for the time-to-first-token metric. */
	startedAt: number;
}): AsyncGenerator<ChatEvent, StreamOutcome> {
	const outcome: StreamOutcome = { text: '', status: 'complete' };
	let savedLength = 0;
	let savedAt = Date.now();
	try {
		const { model, messages, signal, temperature } = input;
		for await (const part of streamChat({ model, messages, signal, temperature })) {
			if ('usage' in part) {
				outcome.usage = part.usage;
				continue;
			}
			if (!outcome.text) timeToFirstToken.observe((Date.now() - input.startedAt) / 1000);
			outcome.text += part.text;
			yield { event: 'token', data: { text: part.text } };
			if (outcome.text.length - savedLength >= SAVE_EVERY.chars || Date.now() - savedAt >= SAVE_EVERY.ms) {
				await saveStreamingContent(input.answerId, outcome.text);
				savedLength = outcome.text.length;
				savedAt = Date.now();
			}
		}
		// Shutdown saves what was written as `interrupted`; the person's Stop (from any instance) as `stopped`.
		if (signal.aborted) outcome.status = isShutdown(signal) ? 'interrupted' : 'stopped';
	} catch (e) {
		outcome.status = 'error';
		outcome.failure = asModelError(e);
		modelErrors.inc({ kind: outcome.failure.kind });
		logger().error(
			{
				requestId: input.errorId,
				kind: outcome.failure.kind,
				...errorFields(outcome.failure.cause ?? outcome.failure)
			},
			'chat answer failed'
		);
	}
	return outcome;
}

function isShutdown(signal: AbortSignal): boolean {
	return signal.reason instanceof AnswerAbort && signal.reason.reason === 'shutdown';
}
