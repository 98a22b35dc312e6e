/**
 * Chat models through LangChain: OpenAI or any OpenAI-compatible server (ChatOpenAI with a base URL),
 * or Azure OpenAI (AzureChatOpenAI, models named by deployment). The rest of the app sees plain
 * messages in, text out, and one error type that says whether trying again may help.
 */
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { AzureChatOpenAI, ChatOpenAI } from '@langchain/openai';
import type { ChatConfig, ChatModelOption } from '../config';
import { effectiveChatConfig } from './connections';

export type ChatSettings = ChatConfig & {
	/** Retries of a failed request before any text arrives (server errors, rate limits). */
	maxRetries?: number;
};

export type ModelMessage = { role: 'system' | 'user' | 'assistant'; content: string };
export type StreamPart = { text: string } | { usage: { inputTokens: number; outputTokens: number } };

let override: ChatSettings | undefined;

/** The chat settings in effect (environment, then Admin › Models), unless a test or script supplied its own. */
export async function chatSettings(): Promise<ChatSettings> {
	return override ?? (await effectiveChatConfig());
}

/** Tests and scripts may point the chat at another server (undefined restores the configuration). */
export function useChatSettings(settings: ChatSettings | undefined): void {
	override = settings;
}

/** What the administrator must do when no chat model is configured. */
export const NO_MODEL_MESSAGE =
	'No language model is set up, so answers cannot be written yet. An administrator must set CHAT_MODELS ' +
	'(and OPENAI_API_KEY or OPENAI_BASE_URL, or the AZURE_OPENAI_* settings) and restart the service, or ' +
	'connect a model on Admin › Models.';

/** The same, said to a person who is not an administrator: what they can do is ask one. */
export const NO_MODEL_MESSAGE_FOR_MEMBERS =
	'No language model is set up yet, so answers cannot be written. Ask an administrator in your organisation to connect one.';

/** The same, said to the administrator who can fix it: exactly what to set. */
export const NO_MODEL_MESSAGE_FOR_ADMINS =
	'No language model is connected yet, and as an administrator you can connect one on Admin › Models: ' +
	'give the address of an OpenAI-compatible server (such as Ollama or vLLM), an OpenAI key, or an Azure ' +
	'OpenAI endpoint, test it and choose the models people see. Or, before starting the service, set ' +
	'CHAT_MODELS to the model names people may choose, and say where the models are: for a local Ollama ' +
	'server OPENAI_BASE_URL=http://localhost:11434/v1 (for example with CHAT_MODELS=llama3.1:8b); for OpenAI ' +
	'OPENAI_API_KEY; for Azure OpenAI AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY and the deployment names as ' +
	'CHAT_MODELS. Put them in the environment or a .env file, then start the service again.';

/** The models people may choose, the default first. */
export async function chatModels(): Promise<ChatModelOption[]> {
	return (await chatSettings()).models;
}

export async function defaultChatModel(): Promise<ChatModelOption | undefined> {
	return (await chatModels())[0];
}

/** A model call that failed; `message` is safe to show, `retryable` says whether trying again may help. */
export class ChatModelError extends Error {
	constructor(
		message: string,
		readonly retryable: boolean,
		readonly kind: 'timeout' | 'provider' | 'stream' | 'not-configured',
		options?: { cause?: unknown }
	) {
		super(message, options);
		this.name = 'ChatModelError';
	}
}

function toLangChain(messages: ModelMessage[]): BaseMessage[] {
	return messages.map((m) =>
		m.role === 'system'
			? new SystemMessage(m.content)
			: m.role === 'user'
				? new HumanMessage(m.content)
				: new AIMessage(m.content)
	);
}

export function createModel(
	settings: ChatSettings,
	model: string,
	streaming: boolean,
	maxTokens?: number,
	temperature?: number
) {
	const common = {
		streaming,
		maxTokens,
		...(temperature === undefined ? {} : { temperature }),
		maxRetries: settings.maxRetries ?? 1,
		// The SDK's own timeout covers waiting for the response to start; gaps between tokens are timed in streamChat.
		timeout: settings.timeoutMs
	};
	if (settings.provider === 'azure') {
		const endpoint = (settings.azure.endpoint ?? '').replace(/\/+$/, '').replace(/\/openai$/, '');
		return new AzureChatOpenAI({
			...common,
			azureOpenAIApiKey: settings.azure.apiKey,
			azureOpenAIBasePath: `${endpoint}/openai/deployments`,
			azureOpenAIApiDeploymentName: model,
			azureOpenAIApiVersion: settings.azure.apiVersion
		});
	}
	return new ChatOpenAI({
		...common,
		model,
		// Local servers usually ignore the key, but the client requires one (and would otherwise read the environment).
		apiKey: settings.openai.apiKey || 'not-needed',
		configuration: settings.openai.baseUrl ? { baseURL: settings.openai.baseUrl } : undefined
	});
}

const streamingModels = new Map<string, ReturnType<typeof createModel>>();

/**
 * A streaming model client, built once per settings, model and temperature and then reused (each turn
 * used to build a LangChain model and an HTTP client of its own; reusing them also keeps connections
 * to the provider open). New settings give a new key, so a changed connection is never served stale.
 */
function streamingModel(settings: ChatSettings, model: string, temperature?: number) {
	const key = JSON.stringify([
		settings.provider,
		settings.openai,
		settings.azure,
		settings.timeoutMs,
		settings.maxRetries,
		model,
		temperature
	]);
	let client = streamingModels.get(key);
	if (!client) {
		if (streamingModels.size >= 50) streamingModels.clear();
		client = createModel(settings, model, true, undefined, temperature);
		streamingModels.set(key, client);
	}
	return client;
}

/** The HTTP status of a provider failure, when it has one. */
export function statusOf(e: unknown): number | undefined {
	const err = e as { status?: unknown; lc_error_code?: unknown; cause?: { status?: unknown } };
	const status = typeof err?.status === 'number' ? err.status : err?.cause?.status;
	return typeof status === 'number' ? status : undefined;
}

/** Turns a provider failure into a message a person can act on (no provider detail is shown to them). */
export function describeModelFailure(e: unknown): ChatModelError {
	if (e instanceof ChatModelError) return e;
	const status = statusOf(e);
	if (status === 401 || status === 403) {
		return new ChatModelError(
			'The language model service refused the request because of its access settings. Please tell an administrator.',
			false,
			'provider',
			{ cause: e }
		);
	}
	if (status === 404) {
		return new ChatModelError(
			'The language model service does not recognise this model. Please tell an administrator.',
			false,
			'provider',
			{ cause: e }
		);
	}
	if (status === 400) {
		return new ChatModelError('The language model service could not handle this request.', false, 'provider', {
			cause: e
		});
	}
	if (status !== undefined) {
		return new ChatModelError(
			'The language model service had a problem and the answer could not be finished. Try again in a moment.',
			true,
			'provider',
			{ cause: e }
		);
	}
	if (e instanceof SyntaxError) {
		return new ChatModelError(
			'The language model service sent a reply that could not be read, so the answer was not finished. Try again.',
			true,
			'stream',
			{ cause: e }
		);
	}
	return new ChatModelError(
		'The connection to the language model service failed before the answer was finished. Try again.',
		true,
		'stream',
		{ cause: e }
	);
}

/**
 * Streams a reply. Stops quietly (no error) when `signal` aborts — the caller knows why it aborted —
 * and throws a ChatModelError on provider failure, on a malformed stream, or when no text arrives for
 * the configured timeout.
 */
export async function* streamChat(input: {
	model: string;
	messages: ModelMessage[];
	signal: AbortSignal;
	/** An assistant's temperature; the provider's default when absent. */
	temperature?: number;
}): AsyncGenerator<StreamPart> {
	const settings = await chatSettings();
	const controller = new AbortController();
	let timedOut = false;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const arm = () => {
		clearTimeout(timer);
		timer = setTimeout(() => {
			timedOut = true;
			controller.abort(new Error('timeout'));
		}, settings.timeoutMs);
	};
	const onAbort = () => controller.abort(input.signal.reason);
	if (input.signal.aborted) return;
	input.signal.addEventListener('abort', onAbort, { once: true });
	const timeoutError = () =>
		new ChatModelError(
			`The language model did not respond within ${Math.round(settings.timeoutMs / 1000)} seconds. Try again.`,
			true,
			'timeout'
		);
	try {
		arm();
		const model = streamingModel(settings, input.model, input.temperature);
		const stream = await model.stream(toLangChain(input.messages), { signal: controller.signal });
		for await (const chunk of stream) {
			arm();
			if (controller.signal.aborted) break;
			const text = typeof chunk.content === 'string' ? chunk.content : '';
			if (text) yield { text };
			const usage = chunk.usage_metadata;
			if (usage && (usage.input_tokens || usage.output_tokens)) {
				yield { usage: { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens } };
			}
		}
		if (timedOut) throw timeoutError();
	} catch (e) {
		if (timedOut) throw timeoutError();
		if (input.signal.aborted) return;
		throw describeModelFailure(e);
	} finally {
		clearTimeout(timer);
		input.signal.removeEventListener('abort', onAbort);
	}
}

/** A short, non-streamed reply (titles). Throws a ChatModelError on failure or timeout. */
export async function completeChat(input: {
	model: string;
	messages: ModelMessage[];
	maxTokens?: number;
	timeoutMs?: number;
}): Promise<string> {
	const settings = await chatSettings();
	const timeoutMs = Math.min(input.timeoutMs ?? settings.timeoutMs, settings.timeoutMs);
	try {
		const model = createModel({ ...settings, maxRetries: 0 }, input.model, false, input.maxTokens);
		const reply = await model.invoke(toLangChain(input.messages), { signal: AbortSignal.timeout(timeoutMs) });
		return typeof reply.content === 'string' ? reply.content : '';
	} catch (e) {
		throw describeModelFailure(e);
	}
}
