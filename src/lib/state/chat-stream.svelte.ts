/**
 * Reads one streamed answer: POSTs to a chat endpoint and parses the server-sent events from the
 * response body. Exposes the partial text, sources, status and error as runes; `stop()` aborts.
 */
import type { BriefAnswers, IntakeQuestion } from '$lib/schemas/assistant';
import type { ChatEvent, ChatSource, MessageStatus } from '$lib/schemas/chat';
import type { GuardRejection } from '$lib/schemas/personal-data';

export type StreamStatus = 'idle' | 'connecting' | 'streaming' | 'done' | 'stopped' | 'error';

type Handlers = { onStart?: (data: { userMessageId: string; assistantMessageId: string | null }) => void };

/** Splits SSE text into events (blank-line framing, `event:` and `data:` fields). */
export function parseSseBlock(block: string): { event: string; data: string } | undefined {
	let event = 'message';
	const data: string[] = [];
	for (const line of block.split(/\r?\n/)) {
		if (line.startsWith(':')) continue;
		const colon = line.indexOf(':');
		const field = colon === -1 ? line : line.slice(0, colon);
		let value = colon === -1 ? '' : line.slice(colon + 1);
		if (value.startsWith(' ')) value = value.slice(1);
		if (field === 'event') event = value;
		else if (field === 'data') data.push(value);
	}
	return data.length ? { event, data: data.join('\n') } : undefined;
}

export class ChatStream {
	status = $state<StreamStatus>('idle');
	text = $state('');
	sources = $state<ChatSource[]>([]);
	error = $state<{ message: string; errorId?: string; retryable: boolean } | null>(null);
	title = $state<string | null>(null);
	userMessageId = $state<string | null>(null);
	assistantMessageId = $state<string | null>(null);
	finalStatus = $state<MessageStatus | 'awaiting_answers' | null>(null);
	/** The assistant's questions, when it needs a brief before drafting. */
	questions = $state<{ questions: IntakeQuestion[]; known: BriefAnswers } | null>(null);
	/** Per-field messages from a 400 answer (for example, brief answers that need fixing). */
	fieldErrors = $state<Record<string, string> | null>(null);
	/** Set when the personal-data guard held the message back (422): what it found, to show the person. */
	rejection = $state<GuardRejection | null>(null);
	/** Work before the answer starts, such as reading a long attached file part by part. */
	progress = $state<{ stage: string; done: number; total: number } | null>(null);

	#controller: AbortController | null = null;
	/** The chat the current answer belongs to, read from the endpoint's URL, for the stop request. */
	#chatId: string | null = null;

	get active(): boolean {
		return this.status === 'connecting' || this.status === 'streaming';
	}

	/** Posts `body` to `url` and reads the answer until it ends, fails or is stopped. */
	async run(url: string, body: unknown, handlers: Handlers = {}): Promise<StreamStatus> {
		this.#controller?.abort();
		const controller = new AbortController();
		this.#controller = controller;
		this.#chatId = /^\/api\/chats\/([^/]+)\//.exec(url)?.[1] ?? null;
		this.status = 'connecting';
		this.text = '';
		this.sources = [];
		this.error = null;
		this.title = null;
		this.userMessageId = null;
		this.assistantMessageId = null;
		this.finalStatus = null;
		this.rejection = null;
		this.questions = null;
		this.fieldErrors = null;
		this.progress = null;
		try {
			const res = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
				body: JSON.stringify(body),
				signal: controller.signal
			});
			if (!res.ok || !res.body) {
				const problem = (await res.json().catch(() => null)) as {
					message?: string;
					errorId?: string;
					errors?: Record<string, string>;
				} | null;
				if (res.status === 400 && problem?.errors) this.fieldErrors = problem.errors;
				if (res.status === 422 && problem && Array.isArray((problem as GuardRejection).findings)) {
					this.rejection = problem as GuardRejection;
				}
				this.error = {
					message: problem?.message ?? `Sorry, there is a problem with the service (${res.status}). Try again.`,
					errorId: problem?.errorId,
					retryable: res.status >= 500
				};
				this.status = 'error';
				return this.status;
			}
			this.status = 'streaming';
			const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
			let buffer = '';
			for (;;) {
				const { value, done } = await reader.read();
				if (done) break;
				buffer += value;
				let cut: RegExpExecArray | null;
				while ((cut = /\r?\n\r?\n/.exec(buffer))) {
					const block = buffer.slice(0, cut.index);
					buffer = buffer.slice(cut.index + cut[0].length);
					const parsed = parseSseBlock(block);
					if (parsed) this.#handle(parsed, handlers);
				}
			}
			if (this.status === 'streaming') {
				this.status = this.error ? 'error' : 'done';
			}
		} catch {
			if (controller.signal.aborted) {
				this.status = 'stopped';
			} else {
				this.error = { message: 'The connection was lost. Try again.', retryable: true };
				this.status = 'error';
			}
		} finally {
			if (this.#controller === controller) this.#controller = null;
		}
		return this.status;
	}

	#handle(parsed: { event: string; data: string }, handlers: Handlers): void {
		let data: unknown;
		try {
			data = JSON.parse(parsed.data);
		} catch {
			return;
		}
		const e = { event: parsed.event, data } as ChatEvent;
		switch (e.event) {
			case 'start':
				this.userMessageId = e.data.userMessageId;
				this.assistantMessageId = e.data.assistantMessageId;
				handlers.onStart?.(e.data);
				break;
			case 'sources':
				this.sources = e.data.sources;
				break;
			case 'progress':
				this.progress = e.data;
				break;
			case 'token':
				this.text += e.data.text;
				break;
			case 'title':
				this.title = e.data.title;
				break;
			case 'error':
				this.error = { message: e.data.message, errorId: e.data.errorId, retryable: e.data.retryable };
				break;
			case 'questions':
				this.questions = { questions: e.data.questions, known: e.data.known };
				this.userMessageId = e.data.userMessageId;
				handlers.onStart?.({ userMessageId: e.data.userMessageId, assistantMessageId: null });
				break;
			case 'done':
				this.finalStatus = e.data.status;
				this.status =
					e.data.status === 'complete' || e.data.status === 'awaiting_answers'
						? 'done'
						: e.data.status === 'stopped'
							? 'stopped'
							: 'error';
				break;
		}
	}

	/**
	 * Stops the answer. Closing the stream stops it on the instance that is writing it; the stop request
	 * also reaches that instance when a proxy keeps the connection open, or it runs behind another instance.
	 */
	stop(): void {
		const chatId = this.#chatId;
		const messageId = this.assistantMessageId;
		if (chatId && messageId && this.active) {
			void fetch(`/api/chats/${chatId}/messages/${messageId}/stop`, { method: 'POST' }).catch(() => {});
		}
		this.#controller?.abort();
	}
}
