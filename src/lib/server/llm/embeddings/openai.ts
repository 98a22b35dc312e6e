/**
 * Hosted embeddings: OpenAI, any OpenAI-compatible server (Ollama, vLLM, LM Studio…) and Azure OpenAI,
 * through LangChain's clients. Every response is checked for the expected number and length of vectors,
 * because a wrong-sized vector would be silently padded into the shared storage column.
 */
import { AzureOpenAIEmbeddings, OpenAIEmbeddings } from '@langchain/openai';
import { EmbeddingConfigError, STORAGE_DIMENSIONS, type Embedder } from './types';

/** Texts per request: well inside every provider's limit, large enough to keep ingestion quick. */
export const REMOTE_BATCH_SIZE = 64;
export const DEFAULT_OPENAI_MODEL = 'text-embedding-3-small';
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

type CommonOptions = {
	/** Vector length to request. Unset: 1024 for text-embedding-3-* models, otherwise learnt from one probe request. */
	dimensions?: number;
	batchSize?: number;
	maxRetries?: number;
	timeoutMs?: number;
};
export type OpenAIEmbedderOptions = CommonOptions & { model?: string; apiKey?: string; baseUrl?: string };
export type AzureEmbedderOptions = CommonOptions & {
	deployment: string;
	apiKey: string;
	/** e.g. https://my-resource.openai.azure.com */
	endpoint: string;
	apiVersion?: string;
};

type EmbeddingsClient = Pick<OpenAIEmbeddings, 'embedDocuments' | 'embedQuery'>;

class RemoteEmbedder implements Embedder {
	constructor(
		readonly id: string,
		readonly dimensions: number,
		private readonly client: EmbeddingsClient,
		private readonly label: string
	) {}

	async embedDocuments(texts: string[]): Promise<number[][]> {
		if (texts.length === 0) return [];
		// The client splits the list into REMOTE_BATCH_SIZE requests (two in flight at a time).
		const vectors = await this.call(() => this.client.embedDocuments(texts.map(nonBlank)));
		if (vectors.length !== texts.length) {
			throw new Error(`${this.label} returned ${vectors.length} embeddings for ${texts.length} texts.`);
		}
		for (const v of vectors) this.check(v);
		return vectors;
	}

	async embedQuery(text: string): Promise<number[]> {
		const vector = await this.call(() => this.client.embedQuery(nonBlank(text)));
		this.check(vector);
		return vector;
	}

	private async call<T>(request: () => Promise<T>): Promise<T> {
		try {
			return await request();
		} catch (e) {
			throw requestFailed(this.label, e);
		}
	}

	private check(vector: number[] | undefined): void {
		if (!Array.isArray(vector) || vector.length !== this.dimensions) {
			throw new Error(
				`${this.label} returned a vector of ${vector?.length ?? 'no'} dimensions but ${this.dimensions} were expected. ` +
					'Set EMBEDDINGS_DIMENSIONS to what the model returns, or use a model that supports that size.'
			);
		}
	}
}

/** Blank input is rejected by the OpenAI API; embed a fixed placeholder so empty chunks still get a vector. */
function nonBlank(text: string): string {
	return text.trim() ? text : '(empty)';
}

function defaultDimensions(model: string): number | undefined {
	// text-embedding-3-* return 1536/3072 by default but can shorten on request; 1024 fits the storage column.
	return /^text-embedding-3-/.test(model) ? STORAGE_DIMENSIONS : undefined;
}

function checkDimensions(dimensions: number, label: string): void {
	if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > STORAGE_DIMENSIONS) {
		throw new EmbeddingConfigError(
			`${label} gives ${dimensions}-dimensional vectors; storage holds 1 to ${STORAGE_DIMENSIONS}. ` +
				`Set EMBEDDINGS_DIMENSIONS to ${STORAGE_DIMENSIONS} or fewer (text-embedding-3 models support this).`
		);
	}
}

/** Sends one request to learn a model's vector length when neither the settings nor the model name say it. */
async function probeDimensions(client: EmbeddingsClient, label: string): Promise<number> {
	let vector: number[];
	try {
		vector = await client.embedQuery('dimension probe');
	} catch (e) {
		throw requestFailed(label, e);
	}
	if (!Array.isArray(vector) || vector.length === 0) throw new Error(`${label} returned no vector.`);
	return vector.length;
}

function requestFailed(label: string, e: unknown): Error {
	const reason = e instanceof Error ? e.message : String(e);
	return new Error(`Embedding request to ${label} failed: ${reason}`, { cause: e });
}

async function finish(
	makeClient: (dimensions: number | undefined) => EmbeddingsClient,
	idPrefix: string,
	label: string,
	requested: number | undefined
): Promise<Embedder> {
	if (requested !== undefined) {
		checkDimensions(requested, label);
		return new RemoteEmbedder(`${idPrefix}:${requested}`, requested, makeClient(requested), label);
	}
	const client = makeClient(undefined);
	const dimensions = await probeDimensions(client, label);
	checkDimensions(dimensions, label);
	return new RemoteEmbedder(`${idPrefix}:${dimensions}`, dimensions, client, label);
}

/** OpenAI, or an OpenAI-compatible server at baseUrl. Id: 'openai:<model>:<dims>'. */
export async function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Promise<Embedder> {
	const model = options.model ?? DEFAULT_OPENAI_MODEL;
	const label = `Embedding model '${model}'${options.baseUrl ? ` at ${options.baseUrl}` : ''}`;
	const makeClient = (dimensions: number | undefined) =>
		new OpenAIEmbeddings({
			model,
			dimensions,
			// Local servers usually ignore the key, but the client requires one (and would otherwise read the environment).
			apiKey: options.apiKey || 'not-needed',
			configuration: options.baseUrl ? { baseURL: options.baseUrl } : undefined,
			batchSize: options.batchSize ?? REMOTE_BATCH_SIZE,
			maxRetries: options.maxRetries ?? 3,
			timeout: options.timeoutMs ?? 60_000
		});
	return finish(makeClient, `openai:${model}`, label, options.dimensions ?? defaultDimensions(model));
}

/** Azure OpenAI; the model is named by its deployment. Id: 'azure:<deployment>:<dims>'. */
export async function createAzureEmbedder(options: AzureEmbedderOptions): Promise<Embedder> {
	const endpoint = options.endpoint.replace(/\/+$/, '').replace(/\/openai$/, '');
	const label = `Azure OpenAI deployment '${options.deployment}' at ${endpoint}`;
	const makeClient = (dimensions: number | undefined) =>
		new AzureOpenAIEmbeddings({
			azureOpenAIApiKey: options.apiKey,
			azureOpenAIBasePath: `${endpoint}/openai/deployments`,
			azureOpenAIApiDeploymentName: options.deployment,
			azureOpenAIApiVersion: options.apiVersion ?? DEFAULT_AZURE_API_VERSION,
			dimensions,
			batchSize: options.batchSize ?? REMOTE_BATCH_SIZE,
			maxRetries: options.maxRetries ?? 3,
			timeout: options.timeoutMs ?? 60_000
		});
	return finish(
		makeClient,
		`azure:${options.deployment}`,
		label,
		options.dimensions ?? defaultDimensions(options.deployment)
	);
}
