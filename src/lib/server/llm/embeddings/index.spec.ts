import { describe, expect, it } from 'vitest';
import { createEmbedder, EmbeddingConfigError } from './index';

describe('createEmbedder settings errors', () => {
	it('needs a key or base URL for openai', async () => {
		const attempt = createEmbedder({ provider: 'openai', cacheDir: '/tmp', openai: {} });
		await expect(attempt).rejects.toThrow(EmbeddingConfigError);
		await expect(attempt).rejects.toThrow(
			'EMBEDDINGS_PROVIDER=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local OpenAI-compatible server).'
		);
	});

	it('lists everything azure is missing', async () => {
		await expect(createEmbedder({ provider: 'azure', cacheDir: '/tmp' })).rejects.toThrow(
			'EMBEDDINGS_PROVIDER=azure needs AZURE_OPENAI_API_KEY, AZURE_OPENAI_ENDPOINT, EMBEDDINGS_MODEL (the name of the embeddings deployment).'
		);
		await expect(
			createEmbedder({ provider: 'azure', model: 'embed', cacheDir: '/tmp', azure: { apiKey: 'k' } })
		).rejects.toThrow(/^EMBEDDINGS_PROVIDER=azure needs AZURE_OPENAI_ENDPOINT\.$/);
	});

	it('rejects a model or dimension the local embedder cannot provide', async () => {
		await expect(createEmbedder({ provider: 'local', dimensions: 1024, cacheDir: '/tmp' })).rejects.toThrow(
			/EMBEDDINGS_DIMENSIONS=1024 does not match the local embedder.*100/
		);
		await expect(createEmbedder({ provider: 'local', model: 'bge-small', cacheDir: '/tmp' })).rejects.toThrow(
			/EMBEDDINGS_MODEL=bge-small is not available with EMBEDDINGS_PROVIDER=local/
		);
	});

	it('rejects an unknown provider', async () => {
		// @ts-expect-error: the value comes from the environment, so guard it at run time too.
		await expect(createEmbedder({ provider: 'cohere', cacheDir: '/tmp' })).rejects.toThrow(
			/EMBEDDINGS_PROVIDER=cohere is not supported; use local, openai or azure/
		);
	});
});
