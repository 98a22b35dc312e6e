/**
 * "Test connection" on Admin › Models: list the server's models (`GET {base}/models`, the OpenAI API's
 * list; Azure OpenAI has no list of deployments, so its API is checked and the deployments given are
 * used), then stream a one-line reply from one model. Every failure becomes a message that says what
 * to check, never the provider's raw detail.
 */
import { z } from 'zod';
import type { ChatConfig } from '../config';
import { createModel, statusOf } from './chat-models';
import { loadPrompt, renderPrompt } from './prompts';
import { HumanMessage } from '@langchain/core/messages';
import { createEmbedder, EmbeddingConfigError, LOCAL_EMBEDDER_ID, type EmbeddingSettings } from './embeddings';
import { DEFAULT_OPENAI_MODEL } from './embeddings/openai';

export type ProbeTarget = Pick<ChatConfig, 'provider' | 'openai' | 'azure'> & {
	/** Azure OpenAI: the deployment names the administrator gave. */
	deployments?: string[];
};

export type ProbeEvent =
	| { type: 'models'; models: string[] }
	| { type: 'model'; model: string }
	| { type: 'text'; text: string }
	| { type: 'error'; message: string }
	| { type: 'done'; ok: boolean };

const LIST_TIMEOUT_MS = 10_000;
const REPLY_TIMEOUT_MS = 30_000;
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** A failed step, with a message an administrator can act on. */
export class ProbeError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ProbeError';
	}
}

const modelListSchema = z.object({ data: z.array(z.object({ id: z.string().min(1).max(200) })) });

function listUrl(target: ProbeTarget): URL {
	if (target.provider === 'azure') {
		const endpoint = (target.azure.endpoint ?? '').replace(/\/+$/, '').replace(/\/openai$/, '');
		const url = new URL(`${endpoint}/openai/models`);
		if (target.azure.apiVersion) url.searchParams.set('api-version', target.azure.apiVersion);
		return url;
	}
	return new URL(`${(target.openai.baseUrl ?? OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, '')}/models`);
}

function networkProblem(e: unknown, where: string): ProbeError {
	const err = e as { name?: string; cause?: { code?: string } };
	if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
		return new ProbeError(
			`${where} did not answer within ${LIST_TIMEOUT_MS / 1000} seconds. Check the address, and that this server can reach it (firewall, proxy).`
		);
	}
	const code = err?.cause?.code;
	if (code === 'ECONNREFUSED') {
		return new ProbeError(
			`Nothing is listening at ${where} (connection refused). Check the address and port, and that the model server is running.`
		);
	}
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return new ProbeError(`The host name in ${where} could not be found. Check the address for typing mistakes.`);
	}
	if (code && /CERT|SSL|TLS/.test(code)) {
		return new ProbeError(`The secure connection to ${where} failed (${code}). Check the certificate, or the address.`);
	}
	return new ProbeError(`${where} could not be reached${code ? ` (${code})` : ''}. Check the address and the network.`);
}

function statusProblem(status: number, where: string): ProbeError {
	if (status === 401 || status === 403) {
		return new ProbeError(
			`${where} refused the API key (HTTP ${status}). Check that the key is right and allowed to use this service, and save it again.`
		);
	}
	if (status === 404) {
		return new ProbeError(
			`${where} was not found (HTTP 404). Check the address: an OpenAI-compatible server's base URL usually ends in /v1 (for Ollama http://localhost:11434/v1); for Azure check the endpoint and API version.`
		);
	}
	return new ProbeError(`${where} answered with an error (HTTP ${status}). Try again, or check the server's own logs.`);
}

/** The server's models (for Azure, the deployments given once the API answers). Throws a ProbeError. */
export async function listServerModels(target: ProbeTarget, signal?: AbortSignal): Promise<string[]> {
	const url = listUrl(target);
	const where = `${url.origin}${url.pathname}`;
	const headers: Record<string, string> = { accept: 'application/json' };
	const key = target.provider === 'azure' ? target.azure.apiKey : target.openai.apiKey;
	if (key)
		headers[target.provider === 'azure' ? 'api-key' : 'authorization'] =
			target.provider === 'azure' ? key : `Bearer ${key}`;
	const timeout = AbortSignal.timeout(LIST_TIMEOUT_MS);
	let res: Response;
	try {
		res = await fetch(url, {
			headers,
			signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
			redirect: 'error'
		});
	} catch (e) {
		throw networkProblem(e, where);
	}
	if (!res.ok) {
		await res.body?.cancel();
		throw statusProblem(res.status, where);
	}
	if (target.provider === 'azure') {
		await res.body?.cancel();
		const deployments = target.deployments ?? [];
		if (!deployments.length)
			throw new ProbeError('The Azure OpenAI endpoint answered. Now enter the names of your deployments.');
		return deployments;
	}
	const parsed = modelListSchema.safeParse(await res.json().catch(() => undefined));
	if (!parsed.success) {
		throw new ProbeError(
			`${where} answered, but not with a list of models. Check that this is an OpenAI-compatible API.`
		);
	}
	const models = [...new Set(parsed.data.data.map((m) => m.id))].sort((a, b) => a.localeCompare(b));
	if (!models.length) {
		throw new ProbeError(
			'The server answered but offers no models. Load or pull one on the server first (for Ollama: ollama pull llama3.1:8b).'
		);
	}
	return models;
}

function replyProblem(e: unknown, model: string): ProbeError {
	const err = e as { name?: string };
	const status = statusOf(e);
	if (status !== undefined) {
		if (status === 404) {
			return new ProbeError(`The server does not know a model called "${model}" (HTTP 404). Choose one it lists.`);
		}
		return statusProblem(status, `The model "${model}"`);
	}
	if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
		return new ProbeError(
			`The model "${model}" did not reply within ${REPLY_TIMEOUT_MS / 1000} seconds. A large model may still be loading: try again in a minute.`
		);
	}
	return new ProbeError(`The model "${model}" could not reply: the connection failed. Try again.`);
}

/**
 * Lists the models, then streams a one-line reply from `model` (else the first listed), as events.
 * Never throws: a failure is an `error` event, and `done` says whether everything worked.
 */
export async function* testConnection(
	target: ProbeTarget,
	model: string | undefined,
	signal: AbortSignal
): AsyncGenerator<ProbeEvent> {
	let models: string[];
	try {
		models = await listServerModels(target, signal);
	} catch (e) {
		yield { type: 'error', message: e instanceof ProbeError ? e.message : 'The model server could not be reached.' };
		yield { type: 'done', ok: false };
		return;
	}
	yield { type: 'models', models };
	const chosen = model ?? models[0];
	yield { type: 'model', model: chosen };
	try {
		const prompt = renderPrompt(await loadPrompt('connection-test'));
		const chat = createModel(
			{ ...target, models: [], contextTokens: 4000, timeoutMs: REPLY_TIMEOUT_MS, maxRetries: 0 },
			chosen,
			true,
			60
		);
		const timeout = AbortSignal.timeout(REPLY_TIMEOUT_MS);
		const stream = await chat.stream([new HumanMessage(prompt)], { signal: AbortSignal.any([signal, timeout]) });
		let any = false;
		for await (const chunk of stream) {
			const text = typeof chunk.content === 'string' ? chunk.content : '';
			if (text) {
				any = true;
				yield { type: 'text', text };
			}
		}
		if (!any) throw new ProbeError(`The model "${chosen}" answered with no text. Try another model.`);
		yield { type: 'done', ok: true };
	} catch (e) {
		if (signal.aborted) return;
		yield { type: 'error', message: e instanceof ProbeError ? e.message : replyProblem(e, chosen).message };
		yield { type: 'done', ok: false };
	}
}

/** The outcome of "Test connection" for the embedding model. */
export type EmbeddingProbeResult = {
	ok: boolean;
	model: string | null;
	dimensions: number | null;
	error: string | null;
};

const EMBED_TIMEOUT_MS = 20_000;

function embeddingProblem(e: unknown, settings: EmbeddingSettings, model: string): ProbeError {
	if (e instanceof EmbeddingConfigError) return new ProbeError(e.message);
	const where =
		settings.provider === 'azure'
			? (settings.azure?.endpoint ?? 'The Azure OpenAI endpoint')
			: (settings.openai?.baseUrl ?? OPENAI_DEFAULT_BASE_URL);
	// The embedder wraps the client's error; the status and network cause are underneath.
	let cause: unknown = e;
	for (let depth = 0; depth < 5 && cause; depth++) {
		const status = statusOf(cause);
		if (status !== undefined) {
			if (status === 404) {
				return new ProbeError(
					`The server does not know an embedding model called "${model}" (HTTP 404). Check the model (deployment) name, and the address.`
				);
			}
			return statusProblem(status, where);
		}
		const err = cause as { name?: string; message?: string; code?: string; cause?: { code?: string } };
		const code = err?.code ?? err?.cause?.code;
		if (typeof code === 'string' && /^E[A-Z_]+$|CERT|SSL|TLS/.test(code))
			return networkProblem({ cause: { code } }, where);
		if (err?.name === 'TimeoutError' || err?.name === 'AbortError' || /timed? ?out/i.test(err?.message ?? '')) {
			return new ProbeError(
				`${where} did not answer within ${EMBED_TIMEOUT_MS / 1000} seconds. Check the address, and that this server can reach it (firewall, proxy).`
			);
		}
		if (/Connection error|fetch failed|ECONNREFUSED/i.test(err?.message ?? '')) {
			return new ProbeError(
				`${where} could not be reached (the connection failed). Check the address and port, and that the model server is running.`
			);
		}
		cause = err?.cause;
	}
	if (e instanceof Error && /dimensions/.test(e.message))
		return new ProbeError(e.message.replace(/^Embedding request to [^:]+: /, ''));
	return new ProbeError(
		`The embedding model "${model}" could not embed a test text. Check the model name and the address.`
	);
}

/** Embeds a short text with `settings` and reports the vector length. Never throws. */
export async function testEmbeddings(settings: EmbeddingSettings, signal: AbortSignal): Promise<EmbeddingProbeResult> {
	const model =
		settings.provider === 'local'
			? LOCAL_EMBEDDER_ID
			: (settings.model ?? (settings.provider === 'openai' ? DEFAULT_OPENAI_MODEL : ''));
	try {
		const timeout = AbortSignal.timeout(EMBED_TIMEOUT_MS);
		const work = (async () => {
			const embedder = await createEmbedder({ ...settings, maxRetries: 0, timeoutMs: EMBED_TIMEOUT_MS });
			const vector = await embedder.embedQuery('NHS Comms Assist connection test');
			return { id: embedder.id, length: vector.length };
		})();
		const aborted = new Promise<never>((_, reject) => {
			const stop = () => reject(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
			AbortSignal.any([signal, timeout]).addEventListener('abort', stop, { once: true });
		});
		const { id, length } = await Promise.race([work, aborted]);
		if (!length) throw new ProbeError(`The embedding model "${model}" answered with an empty vector.`);
		return { ok: true, model: id, dimensions: length, error: null };
	} catch (e) {
		const problem = e instanceof ProbeError ? e : embeddingProblem(e, settings, model);
		return { ok: false, model, dimensions: null, error: problem.message };
	}
}
