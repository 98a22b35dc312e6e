import { describe, expect, it } from 'vitest';
import type { ChatConfig } from '../config';
import type { ModelConnectionRow } from '../db/schema';
import { mergeChatSettings } from './connections';

const bareEnv: ChatConfig = {
	provider: 'openai',
	providerSet: false,
	models: [],
	contextTokens: 128_000,
	timeoutMs: 60_000,
	openai: {},
	azure: {}
};

function row(values: Partial<ModelConnectionRow>): ModelConnectionRow {
	return {
		id: 'id',
		purpose: 'chat',
		kind: 'openai-compatible',
		baseUrl: 'http://ollama.internal:11434/v1',
		endpoint: null,
		apiVersion: null,
		apiKeyEncrypted: 'v1.x',
		models: [
			{ id: 'llama3.1:8b', label: 'Llama' },
			{ id: 'mistral', label: 'Mistral' }
		],
		defaultModel: 'mistral',
		updatedBy: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		...values
	};
}

describe('merging the environment with the saved connection', () => {
	it('uses the environment alone when nothing is saved', () => {
		expect(mergeChatSettings(bareEnv, undefined)).toBe(bareEnv);
	});

	it('uses the saved connection where the environment sets nothing, default model first', () => {
		const merged = mergeChatSettings(bareEnv, { row: row({}), apiKey: 'saved-key', keyUnreadable: false });
		expect(merged.provider).toBe('openai');
		expect(merged.openai).toEqual({ apiKey: 'saved-key', baseUrl: 'http://ollama.internal:11434/v1' });
		expect(merged.models.map((m) => m.id)).toEqual(['mistral', 'llama3.1:8b']);
	});

	it('lets each variable set in the environment win', () => {
		const env: ChatConfig = {
			...bareEnv,
			openai: { apiKey: 'env-key', baseUrl: 'http://vllm.internal/v1' },
			models: [{ id: 'env-model', label: 'Env' }]
		};
		const merged = mergeChatSettings(env, { row: row({}), apiKey: 'saved-key', keyUnreadable: false });
		expect(merged.openai).toEqual({ apiKey: 'env-key', baseUrl: 'http://vllm.internal/v1' });
		expect(merged.models).toEqual([{ id: 'env-model', label: 'Env' }]);
	});

	it('an Azure connection uses its endpoint, version and key, and never the OpenAI base URL', () => {
		const azure = row({
			kind: 'azure',
			baseUrl: null,
			endpoint: 'https://r.openai.azure.com',
			apiVersion: '2024-10-21'
		});
		const merged = mergeChatSettings(bareEnv, { row: azure, apiKey: 'az-key', keyUnreadable: false });
		expect(merged.provider).toBe('azure');
		expect(merged.azure).toEqual({
			apiKey: 'az-key',
			endpoint: 'https://r.openai.azure.com',
			apiVersion: '2024-10-21'
		});
		expect(merged.openai).toEqual({ apiKey: undefined, baseUrl: undefined });
	});

	it('CHAT_PROVIDER in the environment fixes the kind', () => {
		const env: ChatConfig = { ...bareEnv, provider: 'azure', providerSet: true };
		expect(mergeChatSettings(env, { row: row({}), apiKey: 'k', keyUnreadable: false }).provider).toBe('azure');
	});

	it('real OpenAI ignores any base URL left in the row', () => {
		const merged = mergeChatSettings(bareEnv, { row: row({ kind: 'openai' }), apiKey: 'sk', keyUnreadable: false });
		expect(merged.openai).toEqual({ apiKey: 'sk', baseUrl: undefined });
	});
});
