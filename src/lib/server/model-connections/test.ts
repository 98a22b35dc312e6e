/** "Test connection": the connection in use (environment, then this screen) lists its models and replies. */
import type { ConnectionTestEvent, ConnectionTestResult } from '$lib/schemas/model-connection';
import { effectiveChatConfig, savedChatConnection } from '../llm/connections';
import { testConnection } from '../llm/probe';

async function problemBeforeTest(): Promise<string | undefined> {
	const settings = await effectiveChatConfig();
	const saved = await savedChatConnection();
	if (settings.provider === 'azure' ? !settings.azure.endpoint : !settings.openai.baseUrl && !settings.openai.apiKey) {
		return saved?.keyUnreadable
			? 'The saved API key cannot be decrypted with the current SECRETS_KEY (it was changed or removed). Enter the key again and save.'
			: 'There is no connection to test yet. Fill in the connection details and save them first.';
	}
	if (saved?.keyUnreadable) {
		return 'The saved API key cannot be decrypted with the current SECRETS_KEY (it was changed or removed). Enter the key again and save.';
	}
	return undefined;
}

/** The test as events: `models`, `model`, `text`… then `done` (or `error` then `done`). */
export async function* connectionTestEvents(
	model: string | undefined,
	signal: AbortSignal
): AsyncGenerator<ConnectionTestEvent> {
	const problem = await problemBeforeTest();
	if (problem) {
		yield { type: 'error', message: problem };
		yield { type: 'done', ok: false };
		return;
	}
	const settings = await effectiveChatConfig();
	// Without a choice, the model new chats use is the one asked (else the first the server lists).
	const ask = model ?? settings.models[0]?.id;
	yield* testConnection({ ...settings, deployments: settings.models.map((m) => m.id) }, ask, signal);
}

/** The whole test at once, for the plain form post (no JavaScript). */
export async function runConnectionTest(model: string | undefined, signal: AbortSignal): Promise<ConnectionTestResult> {
	const result: ConnectionTestResult = { models: [], model: null, reply: '', error: null, ok: false };
	for await (const e of connectionTestEvents(model, signal)) {
		if (e.type === 'models') result.models = e.models;
		else if (e.type === 'model') result.model = e.model;
		else if (e.type === 'text') result.reply += e.text;
		else if (e.type === 'error') result.error = e.message;
		else result.ok = e.ok;
	}
	return result;
}
