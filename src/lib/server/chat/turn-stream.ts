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
import type { TurnTimer } from './turn-timing';

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

/**
 * Saves the growing answer in the background, at most one write at a time (the latest text wins), so
 * that relaying tokens never waits for the database. A failed save is logged and retried with the next
 * batch; the answer's final save (finishAssistantMessage) writes the whole text in any case.
 */
export class StreamSaver {
	private pending: string | undefined;
	private running: Promise<void> | undefined;
	failures = 0;

	constructor(
		private readonly answerId: string,
		private readonly errorId: string,
		private readonly save: (id: string, content: string) => Promise<void> = saveStreamingContent
	) {}

	/** Queues the text so far; returns at once. */
	push(text: string): void {
		this.pending = text;
		if (!this.running) this.running = this.drain();
	}

	private async drain(): Promise<void> {
		while (this.pending !== undefined) {
			const text = this.pending;
			this.pending = undefined;
			try {
				await this.save(this.answerId, text);
			} catch (e) {
				this.failures++;
				logger().warn({ requestId: this.errorId, ...errorFields(e) }, 'saving the streamed answer failed');
			}
		}
		this.running = undefined;
	}

	/** Waits for the writes in flight (before the final save, so that it cannot be overtaken). */
	async settled(): Promise<void> {
		while (this.running) await this.running;
	}
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
	timer?: TurnTimer;
}): AsyncGenerator<ChatEvent, StreamOutcome> {
	const outcome: StreamOutcome = { text: '', status: 'complete' };
	const saver = new StreamSaver(input.answerId, input.errorId);
	let savedLength = 0;
	let savedAt = Date.now();
	try {
		const { model, messages, signal, temperature } = input;
		for await (const part of streamChat({ model, messages, signal, temperature })) {
			if ('usage' in part) {
				outcome.usage = part.usage;
				continue;
			}
			if (!outcome.text) {
				timeToFirstToken.observe((Date.now() - input.startedAt) / 1000);
				input.timer?.mark('model call to first token (includes the model)');
			}
			outcome.text += part.text;
			yield { event: 'token', data: { text: part.text } };
			if (input.timer) {
				input.timer.mark('relaying the first token');
				input.timer.report(input.errorId);
				input.timer = undefined;
			}
			if (outcome.text.length - savedLength >= SAVE_EVERY.chars || Date.now() - savedAt >= SAVE_EVERY.ms) {
				saver.push(outcome.text);
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
	} finally {
		await saver.settled();
	}
	return outcome;
}

function isShutdown(signal: AbortSignal): boolean {
	return signal.reason instanceof AnswerAbort && signal.reason.reason === 'shutdown';
}
