/**
 * The chat connection in use: the environment's values where they are set, and the connection an
 * administrator saved on Admin › Models for the rest. Read per request through a cache that every
 * instance drops when any instance saves a change (cluster/caches).
 */
import { sharedCache } from '../cluster/caches';
import { getConfig, type AppConfig, type ChatConfig, type ChatModelOption } from '../config';
import type { ModelConnectionRow } from '../db/schema';
import { findModelConnection } from '../db/queries/model-connections';
import { errorFields, logger } from '../observability/log';
import { secretBox, SecretDecryptError } from '../secrets';

export type ConnectionKind = 'openai-compatible' | 'openai' | 'azure';

/** Where an effective value came from; `env` names the variable that set it. */
export type ValueSource = { env: string } | { env: null };

export type SavedChatConnection = {
	row: ModelConnectionRow;
	/** The decrypted key; undefined when none was saved or it cannot be decrypted. */
	apiKey?: string;
	/** The saved key could not be decrypted with the current SECRETS_KEY (changed or removed). */
	keyUnreadable: boolean;
};

/** The key's encryption context: a ciphertext copied to another row or purpose does not decrypt. */
export function apiKeyContext(purpose: string): string {
	return `model_connections.api_key:${purpose}`;
}

let cached: Promise<SavedChatConnection | undefined> | undefined;
let cachedEmbeddings: Promise<SavedChatConnection | undefined> | undefined;
const changeListeners = new Set<() => void>();

/** Runs `listener` whenever any instance saves or removes a connection (e.g. to drop a built embedder). */
export function onModelConnectionsChanged(listener: () => void): void {
	changeListeners.add(listener);
}

/** Drops every instance's copy of the saved connections (call after saving or removing one). */
export const invalidateModelConnections: () => void = sharedCache('model-connections', () => {
	cached = undefined;
	cachedEmbeddings = undefined;
	for (const listener of changeListeners) listener();
});

async function loadSaved(purpose: 'chat' | 'embeddings' = 'chat'): Promise<SavedChatConnection | undefined> {
	const row = await findModelConnection(purpose);
	if (!row) return undefined;
	if (!row.apiKeyEncrypted) return { row, keyUnreadable: false };
	const box = secretBox();
	if (!box) {
		logger().warn('a model API key is saved but SECRETS_KEY is not set, so it cannot be used');
		return { row, keyUnreadable: true };
	}
	try {
		return { row, apiKey: box.decrypt(row.apiKeyEncrypted, apiKeyContext(purpose)), keyUnreadable: false };
	} catch (e) {
		if (!(e instanceof SecretDecryptError)) throw e;
		logger().warn(errorFields(e), 'the saved model API key cannot be decrypted with the current SECRETS_KEY');
		return { row, keyUnreadable: true };
	}
}

/** The connection saved on Admin › Models (cached until any instance changes it). */
export function savedChatConnection(): Promise<SavedChatConnection | undefined> {
	if (!cached) {
		cached = loadSaved();
		cached.catch(() => {
			cached = undefined;
		});
	}
	return cached;
}

/** The embedding connection saved on Admin › Models (cached until any instance changes it). */
export function savedEmbeddingConnection(): Promise<SavedChatConnection | undefined> {
	if (!cachedEmbeddings) {
		cachedEmbeddings = loadSaved('embeddings');
		cachedEmbeddings.catch(() => {
			cachedEmbeddings = undefined;
		});
	}
	return cachedEmbeddings;
}

/** The chosen models with the default first (the first model is what a new chat uses). */
function defaultFirst(models: ChatModelOption[], defaultModel: string | null): ChatModelOption[] {
	const chosen = models.find((m) => m.id === defaultModel);
	return chosen ? [chosen, ...models.filter((m) => m !== chosen)] : models;
}

/** The environment owns the provider when it names one, or lists CHAT_MODELS (which only make sense with it). */
export function envOwnsProvider(env: ChatConfig): boolean {
	return Boolean(env.providerSet) || env.models.length > 0;
}

/** Merges the environment's chat settings with a saved connection: each value set in the environment wins. */
export function mergeChatSettings(env: ChatConfig, saved: SavedChatConnection | undefined): ChatConfig {
	const row = saved?.row;
	if (!row) return env;
	const provider = envOwnsProvider(env) ? env.provider : row.kind === 'azure' ? 'azure' : 'openai';
	const openaiRow = row.kind !== 'azure';
	return {
		...env,
		provider,
		models: env.models.length > 0 ? env.models : defaultFirst(row.models, row.defaultModel),
		openai: {
			apiKey: env.openai.apiKey ?? (openaiRow ? saved.apiKey : undefined),
			baseUrl: env.openai.baseUrl ?? (row.kind === 'openai-compatible' ? (row.baseUrl ?? undefined) : undefined)
		},
		azure: {
			apiKey: env.azure.apiKey ?? (openaiRow ? undefined : saved.apiKey),
			endpoint: env.azure.endpoint ?? (openaiRow ? undefined : (row.endpoint ?? undefined)),
			apiVersion: env.azure.apiVersion ?? (openaiRow ? undefined : (row.apiVersion ?? undefined))
		}
	};
}

/** The chat settings in effect now: environment first, then Admin › Models. */
export async function effectiveChatConfig(): Promise<ChatConfig> {
	return mergeChatSettings(getConfig().chat, await savedChatConnection());
}

export type EmbeddingsConfig = AppConfig['embeddings'];

/**
 * Merges the environment's embedding settings with a saved embedding connection. EMBEDDINGS_PROVIDER,
 * when set, owns the choice (the saved connection is not used); otherwise a saved connection replaces
 * the built-in local embedder, and each other value set in the environment still wins.
 */
export function mergeEmbeddingSettings(
	env: EmbeddingsConfig,
	saved: SavedChatConnection | undefined
): EmbeddingsConfig {
	const row = saved?.row;
	if (!row || env.providerSet) return env;
	const openaiRow = row.kind !== 'azure';
	return {
		...env,
		provider: openaiRow ? 'openai' : 'azure',
		model: env.model ?? row.defaultModel ?? undefined,
		openai: {
			apiKey: env.openai.apiKey ?? (openaiRow ? saved.apiKey : undefined),
			baseUrl: env.openai.baseUrl ?? (row.kind === 'openai-compatible' ? (row.baseUrl ?? undefined) : undefined)
		},
		azure: {
			apiKey: env.azure.apiKey ?? (openaiRow ? undefined : saved.apiKey),
			endpoint: env.azure.endpoint ?? (openaiRow ? undefined : (row.endpoint ?? undefined)),
			apiVersion: env.azure.apiVersion ?? (openaiRow ? undefined : (row.apiVersion ?? undefined))
		}
	};
}

/** The embedding settings in effect now: environment first, then Admin › Models, else the local embedder. */
export async function effectiveEmbeddingsConfig(): Promise<EmbeddingsConfig> {
	return mergeEmbeddingSettings(getConfig().embeddings, await savedEmbeddingConnection());
}
