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

/** Width of the single pgvector column that every model's vectors are stored in (see storage.ts). */
export const STORAGE_DIMENSIONS = 1024;

/** The built-in offline embedder's id (local.ts), stored with every vector it made. */
export const LOCAL_EMBEDDER_ID = 'local:wink-sg-100d:v1';

/**
 * Models with an HNSW index of their own over only their real dimensions (the rest of the stored vector is
 * zeros), by id. The built-in model's 100 dimensions make an index about a tenth the size of the 1,024-wide
 * one (72 MB against 781 MB at 100,000 passages), which fits in PostgreSQL's default shared_buffers, so a
 * search reads far fewer pages. Every other model uses the index over the whole column. Adding an entry
 * needs a migration creating the matching partial index (see chunks in db/schema/corpus.ts).
 */
export const OWN_INDEX_DIMENSIONS: Readonly<Record<string, number>> = { [LOCAL_EMBEDDER_ID]: 100 };

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
