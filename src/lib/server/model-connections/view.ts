/** What Admin › Models shows: each value with where it comes from; whether a key is in use, never the key. */
import type { ConnectionKind, ModelsPageView } from '$lib/schemas/model-connection';
import { getConfig, type ChatConfig } from '../config';
import { effectiveChatConfig, envOwnsProvider, savedChatConnection } from '../llm/connections';
import { secretBox } from '../secrets';

/** The connection kind the environment describes, when it owns the provider. */
export function envKind(env: ChatConfig): ConnectionKind {
	if (env.provider === 'azure') return 'azure';
	return env.openai.baseUrl ? 'openai-compatible' : 'openai';
}

/** The name of the variable that supplies the API key for a kind, when it is set. */
export function envKeyVariable(env: ChatConfig, kind: ConnectionKind): string | null {
	if (kind === 'azure') return env.azure.apiKey ? 'AZURE_OPENAI_API_KEY' : null;
	return env.openai.apiKey ? 'OPENAI_API_KEY' : null;
}

export async function modelsPageView(): Promise<ModelsPageView> {
	const env = getConfig().chat;
	const saved = await savedChatConnection();
	const row = saved?.row;
	const kind: ModelsPageView['kind'] = envOwnsProvider(env)
		? { value: envKind(env), env: env.providerSet ? 'CHAT_PROVIDER' : 'CHAT_MODELS' }
		: { value: (row?.kind as ConnectionKind | undefined) ?? 'openai-compatible', env: null };
	const sourced = (envValue: string | undefined, variable: string, stored: string | null | undefined) =>
		envValue ? { value: envValue, env: variable } : { value: stored ?? null, env: null };
	const models: ModelsPageView['models'] = env.models.length
		? { chosen: env.models, defaultModel: env.models[0].id, env: 'CHAT_MODELS' }
		: { chosen: row?.models ?? [], defaultModel: row?.defaultModel ?? null, env: null };
	return {
		canStoreKeys: secretBox() !== undefined,
		saved: Boolean(row),
		kind,
		baseUrl: sourced(env.openai.baseUrl, 'OPENAI_BASE_URL', row?.baseUrl),
		endpoint: sourced(env.azure.endpoint, 'AZURE_OPENAI_ENDPOINT', row?.endpoint),
		apiVersion: sourced(env.azure.apiVersion, 'AZURE_OPENAI_API_VERSION', row?.apiVersion),
		apiKey: {
			saved: Boolean(row?.apiKeyEncrypted),
			unreadable: Boolean(saved?.keyUnreadable),
			env: envKeyVariable(env, kind.value),
			envFor: { openai: envKeyVariable(env, 'openai'), azure: envKeyVariable(env, 'azure') }
		},
		models,
		ready: (await effectiveChatConfig()).models.length > 0
	};
}
