/**
 * The answers this instance is streaming, so that Stop works from any instance (the stop request
 * reaches one instance, a NOTIFY reaches the one streaming), shutdown can save them, and other
 * instances can tell a live answer from one whose instance died (its row stops being touched).
 */
import { markStreamingMessagesInterrupted, touchStreamingMessages } from '../db/queries/chats';
import { errorFields, logger } from '../observability/log';
import { answersInFlight } from '../observability/metrics';
import { onClusterMessage, publishClusterMessage } from './bus';

/** Why an answer was aborted: a person's Stop saves it as `stopped`, shutdown as `interrupted`. */
export class AnswerAbort extends Error {
	constructor(readonly reason: 'stopped' | 'shutdown') {
		super(reason === 'stopped' ? 'stopped by the person' : 'the server is shutting down');
		this.name = 'AnswerAbort';
	}
}

const active = new Map<string, { controller: AbortController; done: Promise<void>; finish: () => void }>();

onClusterMessage((message) => {
	if (message.type === 'stop-answer') active.get(message.messageId)?.controller.abort(new AnswerAbort('stopped'));
});

/** Registers an answer being streamed here; call the returned function when it has been saved. */
export function trackAnswer(messageId: string, controller: AbortController): () => void {
	let finish!: () => void;
	const done = new Promise<void>((resolve) => (finish = resolve));
	active.set(messageId, { controller, done, finish });
	answersInFlight.inc();
	return () => {
		if (active.get(messageId)?.controller !== controller) return;
		active.delete(messageId);
		answersInFlight.dec();
		finish();
	};
}

/** Asks whichever instance is streaming the answer to stop it (it saves it as `stopped`). */
export async function requestStop(messageId: string): Promise<void> {
	// This instance at once; the others (and this one again, harmlessly) through the database.
	active.get(messageId)?.controller.abort(new AnswerAbort('stopped'));
	await publishClusterMessage({ type: 'stop-answer', messageId });
}

export function activeAnswerCount(): number {
	return active.size;
}

/** Stops every answer on this instance for shutdown (saved `interrupted`) and waits until all are saved. */
export async function interruptAllAnswers(timeoutMs: number): Promise<void> {
	for (const { controller } of active.values()) controller.abort(new AnswerAbort('shutdown'));
	await waitForAnswers(timeoutMs);
}

/** Resolves when no answer is streaming here, or after `timeoutMs`. */
export async function waitForAnswers(timeoutMs: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
	await Promise.race([Promise.all([...active.values()].map((a) => a.done)), timeout]);
	clearTimeout(timer);
}

/**
 * Touches this instance's answers and marks answers that nobody has touched for `staleSeconds` (their
 * instance died) as `interrupted`, now and every quarter of that. Returns a stop function.
 */
export function startAnswerKeeper(staleSeconds: number): () => void {
	const tick = async () => {
		try {
			await touchStreamingMessages([...active.keys()]);
			const abandoned = await markStreamingMessagesInterrupted(staleSeconds);
			if (abandoned)
				logger().warn({ count: abandoned }, 'marked answers abandoned by a stopped instance as interrupted');
		} catch (e) {
			logger().warn(errorFields(e), 'could not check for abandoned answers');
		}
	};
	void tick();
	const timer = setInterval(() => void tick(), Math.max(1000, (staleSeconds * 1000) / 4));
	timer.unref();
	return () => clearInterval(timer);
}
