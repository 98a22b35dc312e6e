/** One embedding model behind the interface that ingestion and retrieval use. */
export interface Embedder {
	/**
	 * Stable model identity stored with each chunk, e.g. 'local:wink-sg-100d:v1' or 'openai:text-embedding-3-small:1024'.
	 * Vectors are only ever compared with vectors that carry the same id.
	 */
	readonly id: string;
	/** Length of the vectors this model returns (before padding to STORAGE_DIMENSIONS). */
	readonly dimensions: number;
	embedDocuments(texts: string[]): Promise<number[][]>;
	embedQuery(text: string): Promise<number[]>;
}

/** Width of the single pgvector column and HNSW index that every model's vectors are stored in (see storage.ts). */
export const STORAGE_DIMENSIONS = 1024;

export type EmbeddingProvider = 'local' | 'openai' | 'azure';

/** What createEmbedder needs; config.ts fills it from EMBEDDINGS_* and the provider variables. */
export type EmbeddingSettings = {
	provider: EmbeddingProvider;
	/** OpenAI model name, or the Azure deployment name. Not used by the local embedder. */
	model?: string;
	dimensions?: number;
	/** Where the local embedder keeps its converted vectors, e.g. `<DATA_DIR>/models`. */
	cacheDir: string;
	openai?: { apiKey?: string; baseUrl?: string };
	azure?: { apiKey?: string; endpoint?: string; apiVersion?: string };
	/** Hosted models: retries and timeout per request (a connection test asks once, briefly). */
	maxRetries?: number;
	timeoutMs?: number;
};

/** A setting is missing or contradicts the chosen model; the message names the variable to fix. */
export class EmbeddingConfigError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'EmbeddingConfigError';
	}
}
