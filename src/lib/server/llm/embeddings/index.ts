/** Embedding providers behind one interface; config.ts supplies the settings, retrieval and ingestion use the Embedder. */
import { createLocalEmbedder, LOCAL_EMBEDDER_ID } from './local';
import { createAzureEmbedder, createOpenAIEmbedder } from './openai';
import { EmbeddingConfigError, type Embedder, type EmbeddingSettings } from './types';

export { STORAGE_DIMENSIONS, EmbeddingConfigError, type Embedder, type EmbeddingSettings } from './types';
export { toStorageVector } from './storage';
export { LOCAL_EMBEDDER_ID } from './local';

const LOCAL_MODEL = 'wink-sg-100d';
const LOCAL_DIMENSIONS = 100;

/**
 * Builds the configured embedder. The local one converts its model file on first use (a few seconds, once);
 * a hosted one may send a single probe request when its vector length is not configured.
 */
export async function createEmbedder(settings: EmbeddingSettings): Promise<Embedder> {
	const { provider, model, dimensions } = settings;
	switch (provider) {
		case 'local': {
			if (model !== undefined && model !== LOCAL_MODEL) {
				throw new EmbeddingConfigError(
					`EMBEDDINGS_MODEL=${model} is not available with EMBEDDINGS_PROVIDER=local (its model is ${LOCAL_MODEL}); ` +
						'unset EMBEDDINGS_MODEL or choose EMBEDDINGS_PROVIDER=openai or azure.'
				);
			}
			if (dimensions !== undefined && dimensions !== LOCAL_DIMENSIONS) {
				throw new EmbeddingConfigError(
					`EMBEDDINGS_DIMENSIONS=${dimensions} does not match the local embedder (${LOCAL_EMBEDDER_ID}), ` +
						`which has ${LOCAL_DIMENSIONS}; unset EMBEDDINGS_DIMENSIONS.`
				);
			}
			return createLocalEmbedder(settings.cacheDir);
		}
		case 'openai': {
			const { apiKey, baseUrl } = settings.openai ?? {};
			if (!apiKey && !baseUrl) {
				throw new EmbeddingConfigError(
					'EMBEDDINGS_PROVIDER=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local OpenAI-compatible server).'
				);
			}
			return createOpenAIEmbedder({
				apiKey,
				baseUrl,
				model,
				dimensions,
				maxRetries: settings.maxRetries,
				timeoutMs: settings.timeoutMs
			});
		}
		case 'azure': {
			const { apiKey, endpoint, apiVersion } = settings.azure ?? {};
			const missing = [
				!apiKey && 'AZURE_OPENAI_API_KEY',
				!endpoint && 'AZURE_OPENAI_ENDPOINT',
				!model && 'EMBEDDINGS_MODEL (the name of the embeddings deployment)'
			].filter(Boolean);
			if (!apiKey || !endpoint || !model) {
				throw new EmbeddingConfigError(`EMBEDDINGS_PROVIDER=azure needs ${missing.join(', ')}.`);
			}
			return createAzureEmbedder({
				apiKey,
				endpoint,
				apiVersion,
				deployment: model,
				dimensions,
				maxRetries: settings.maxRetries,
				timeoutMs: settings.timeoutMs
			});
		}
		default:
			throw new EmbeddingConfigError(
				`EMBEDDINGS_PROVIDER=${String(provider)} is not supported; use local, openai or azure.`
			);
	}
}
