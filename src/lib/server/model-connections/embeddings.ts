/**
 * Admin › Models, the embedding model: what the section shows, saving or removing the connection (its
 * key encrypted, never shown or audited), testing it, and re-embedding the library after a change.
 */
import {
	embeddingFormSchema,
	type EmbeddingKind,
	type EmbeddingsView,
	type EmbeddingTestResult
} from '$lib/schemas/model-connection';
import { getConfig } from '../config';
import type { ModelConnectionRow } from '../db/schema';
import { findActiveJob } from '../db/queries/jobs';
import { deleteModelConnection, saveModelConnection } from '../db/queries/model-connections';
import { audit } from '../governance/audit';
import { REEMBED_JOB, startReembedJob } from '../ingestion/jobs';
import { pendingEmbeddings } from '../ingestion/reembed';
import {
	apiKeyContext,
	effectiveEmbeddingsConfig,
	invalidateModelConnections,
	savedEmbeddingConnection,
	type EmbeddingsConfig
} from '../llm/connections';
import { getEmbedder } from '../llm/current-embedder';
import { testEmbeddings } from '../llm/probe';
import { NO_SECRETS_KEY_MESSAGE, secretBox } from '../secrets';
import { keyOutcome, type Outcome } from './admin';

type AuditEvent = Parameters<typeof audit>[0];

const EMBEDDINGS = 'embeddings';

const text = (data: FormData, name: string) => {
	const v = data.get(name);
	return typeof v === 'string' ? v : undefined;
};

/** The kind the environment describes, when EMBEDDINGS_PROVIDER is set. */
function envKind(env: EmbeddingsConfig): EmbeddingKind {
	if (env.provider === 'local') return 'local';
	if (env.provider === 'azure') return 'azure';
	return env.openai.baseUrl ? 'openai-compatible' : 'openai';
}

function envKeyVariable(env: EmbeddingsConfig, kind: EmbeddingKind): string | null {
	if (kind === 'local') return null;
	if (kind === 'azure') return env.azure.apiKey ? 'AZURE_OPENAI_API_KEY' : null;
	return env.openai.apiKey ? 'OPENAI_API_KEY' : null;
}

export async function embeddingsView(): Promise<EmbeddingsView> {
	const env = getConfig().embeddings;
	const saved = await savedEmbeddingConnection();
	const row = saved?.row;
	const kind: EmbeddingsView['kind'] = env.providerSet
		? { value: envKind(env), env: 'EMBEDDINGS_PROVIDER' }
		: { value: (row?.kind as EmbeddingKind | undefined) ?? 'local', env: null };
	const sourced = (envValue: string | undefined, variable: string, stored: string | null | undefined) =>
		envValue ? { value: envValue, env: variable } : { value: stored ?? null, env: null };
	let inUse: string | null = null;
	let problem: string | null = null;
	let stale: number | null = null;
	try {
		inUse = (await getEmbedder()).id;
		stale = await pendingEmbeddings();
	} catch (e) {
		problem = e instanceof Error ? e.message.slice(0, 500) : 'The embedding model cannot be used.';
	}
	const job = await findActiveJob(REEMBED_JOB);
	return {
		canStoreKeys: secretBox() !== undefined,
		saved: Boolean(row),
		kind,
		baseUrl: sourced(env.openai.baseUrl, 'OPENAI_BASE_URL', row?.baseUrl),
		endpoint: sourced(env.azure.endpoint, 'AZURE_OPENAI_ENDPOINT', row?.endpoint),
		apiVersion: sourced(env.azure.apiVersion, 'AZURE_OPENAI_API_VERSION', row?.apiVersion),
		model: sourced(env.model, 'EMBEDDINGS_MODEL', row?.defaultModel),
		apiKey: {
			saved: Boolean(row?.apiKeyEncrypted),
			unreadable: Boolean(saved?.keyUnreadable),
			env: envKeyVariable(env, kind.value),
			envFor: { openai: envKeyVariable(env, 'openai'), azure: envKeyVariable(env, 'azure') }
		},
		inUse,
		problem,
		stale,
		job: job ? { id: job.id } : null
	};
}

/** The identity of the embedder in effect, or null when it cannot be built (for "did it change?"). */
async function embedderIdNow(): Promise<string | null> {
	try {
		return (await getEmbedder()).id;
	} catch {
		return null;
	}
}

export type EmbeddingOutcome = Outcome & { changed?: boolean };

/** Back to the built-in local embedder: the saved connection (and its key) goes. */
async function useLocalEmbedder(
	event: AuditEvent,
	adminId: string,
	before: ModelConnectionRow | undefined,
	idBefore: string | null
): Promise<EmbeddingOutcome> {
	const removed = await deleteModelConnection(EMBEDDINGS);
	invalidateModelConnections();
	const changed = removed && (await embedderIdNow()) !== idBefore;
	if (removed) {
		await audit(event, 'models.embeddings_saved', {
			actorId: adminId,
			targetType: 'model_connection',
			targetId: EMBEDDINGS,
			details: {
				kind: 'local',
				changed: ['kind'],
				key: before?.apiKeyEncrypted ? 'removed' : 'unchanged',
				created: false
			}
		});
	}
	return {
		ok: true,
		changed,
		message: removed ? 'The built-in local embedder is in use again.' : 'The built-in local embedder is in use.'
	};
}

/** Saves the embedding connection from the form; the built-in local embedder removes the saved one. */
export async function saveEmbeddingConnection(
	event: AuditEvent,
	adminId: string,
	data: FormData
): Promise<EmbeddingOutcome> {
	const env = getConfig().embeddings;
	if (env.providerSet) {
		return {
			ok: false,
			errors: { embKind: 'EMBEDDINGS_PROVIDER sets the embedding model in the environment: change it there.' }
		};
	}
	const view = await embeddingsView();
	const input = {
		embKind: text(data, 'embKind'),
		embBaseUrl: view.baseUrl.env ? view.baseUrl.value : (text(data, 'embBaseUrl') ?? ''),
		embEndpoint: view.endpoint.env ? view.endpoint.value : (text(data, 'embEndpoint') ?? ''),
		embApiVersion: view.apiVersion.env ? view.apiVersion.value : (text(data, 'embApiVersion') ?? ''),
		embModel: view.model.env ? view.model.value : (text(data, 'embModel') ?? ''),
		embApiKey: text(data, 'embApiKey')
	};
	const parsed = embeddingFormSchema.safeParse(input);
	if (!parsed.success) {
		const errors: Record<string, string> = {};
		for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'embKind')] ??= issue.message;
		if (errors.embKind) errors.embKind = 'Choose where the embedding model is';
		return { ok: false, errors };
	}
	const form = parsed.data;
	const before = (await savedEmbeddingConnection())?.row;
	const idBefore = await embedderIdNow();
	if (form.embKind === 'local') return useLocalEmbedder(event, adminId, before, idBefore);
	const keyFromEnv = envKeyVariable(env, form.embKind);
	const newKey = keyFromEnv ? undefined : form.embApiKey;
	const box = secretBox();
	if (newKey && !box) return { ok: false, errors: { embApiKey: NO_SECRETS_KEY_MESSAGE } };
	const { change: keyChange, keep } = keyOutcome(before, form.embKind, newKey, text(data, 'embRemoveKey') === 'yes');
	const hasKey = Boolean(keyFromEnv || newKey || (keep && before?.apiKeyEncrypted));
	if (form.embKind !== 'openai-compatible' && !hasKey) {
		const where = form.embKind === 'azure' ? 'Azure OpenAI resource' : 'OpenAI account';
		return { ok: false, errors: { embApiKey: `Enter the API key of your ${where}` } };
	}
	const model = view.model.env ? null : form.embModel;
	const row = await saveModelConnection(
		EMBEDDINGS,
		{
			kind: form.embKind,
			baseUrl: form.embKind === 'openai-compatible' && !view.baseUrl.env ? form.embBaseUrl : null,
			endpoint: form.embKind === 'azure' && !view.endpoint.env ? form.embEndpoint : null,
			apiVersion: form.embKind === 'azure' && !view.apiVersion.env ? form.embApiVersion : null,
			models: model ? [{ id: model, label: model }] : [],
			defaultModel: model,
			apiKeyEncrypted: newKey ? box!.encrypt(newKey, apiKeyContext(EMBEDDINGS)) : keep ? undefined : null
		},
		adminId
	);
	invalidateModelConnections();
	const fields = ['kind', 'baseUrl', 'endpoint', 'apiVersion', 'defaultModel'] as const;
	const changedFields = fields.filter((f) => (before?.[f] ?? null) !== (row[f] ?? null));
	await audit(event, 'models.embeddings_saved', {
		actorId: adminId,
		targetType: 'model_connection',
		targetId: EMBEDDINGS,
		details: {
			kind: row.kind,
			model: row.defaultModel,
			changed: changedFields.map((f) => (f === 'defaultModel' ? 'model' : f)),
			key: keyChange,
			created: !before
		}
	});
	const idAfter = await embedderIdNow();
	const changed = idAfter !== null && idAfter !== idBefore;
	return {
		ok: true,
		changed,
		message: idAfter
			? 'Embedding model saved. Test it' + (changed ? ', then re-embed the library.' : '.')
			: 'Embedding model saved, but it cannot be used yet: test the connection to see why.'
	};
}

/** "Test connection" for the embedding model in effect (environment, then this screen). */
export async function runEmbeddingTest(signal: AbortSignal): Promise<EmbeddingTestResult> {
	const saved = await savedEmbeddingConnection();
	if (saved?.keyUnreadable && !getConfig().embeddings.providerSet) {
		return {
			ok: false,
			model: null,
			dimensions: null,
			error:
				'The saved API key cannot be decrypted with the current SECRETS_KEY (it was changed or removed). Enter the key again and save.'
		};
	}
	return testEmbeddings(await effectiveEmbeddingsConfig(), signal);
}

/** Queues re-embedding of every passage whose vector came from another model (one job at a time). */
export async function reembedLibrary(event: AuditEvent, adminId: string): Promise<{ jobId: string }> {
	const job = await startReembedJob(adminId);
	await audit(event, 'models.reembed_started', {
		actorId: adminId,
		targetType: 'job',
		targetId: job.id,
		details: { embedder: await embedderIdNow() }
	});
	return { jobId: job.id };
}
