/**
 * Admin › Models changes: save or remove the chat connection, choose the models people see. Keys are
 * encrypted before they reach the database and never leave this module; every change is audited
 * (which fields changed, never a key) and dropped from every instance's cache.
 */
import {
	connectionFormSchema,
	modelChoiceSchema,
	type ConnectionKind,
	type ModelsPageView
} from '$lib/schemas/model-connection';
import { getConfig } from '../config';
import type { ModelConnectionRow } from '../db/schema';
import { deleteModelConnection, saveModelChoices, saveModelConnection } from '../db/queries/model-connections';
import { audit } from '../governance/audit';
import { apiKeyContext, invalidateModelConnections, savedChatConnection } from '../llm/connections';
import { NO_SECRETS_KEY_MESSAGE, secretBox } from '../secrets';
import { envKeyVariable, modelsPageView } from './view';

type AuditEvent = Parameters<typeof audit>[0];
export type Outcome = { ok: true; message: string } | { ok: false; errors: Record<string, string> };

const text = (data: FormData, name: string) => {
	const v = data.get(name);
	return typeof v === 'string' ? v : undefined;
};

/** The form's values, with the environment's wherever it sets them (those fields are read-only on screen). */
function formInput(data: FormData, view: ModelsPageView): Record<string, unknown> {
	const kind = view.kind.env ? view.kind.value : text(data, 'kind');
	return {
		kind,
		baseUrl: view.baseUrl.env ? view.baseUrl.value : text(data, 'baseUrl'),
		endpoint: view.endpoint.env ? view.endpoint.value : text(data, 'endpoint'),
		apiVersion: view.apiVersion.env ? view.apiVersion.value : text(data, 'apiVersion'),
		deployments: text(data, 'deployments'),
		apiKey: text(data, 'apiKey')
	};
}

/** What saving does to the stored key: a new key replaces it; removal or a change of provider family drops it. */
export function keyOutcome(
	before: ModelConnectionRow | undefined,
	kind: ConnectionKind,
	newKey: string | undefined,
	remove: boolean
) {
	const sameFamily = before && (before.kind === 'azure') === (kind === 'azure');
	if (newKey) return { change: before?.apiKeyEncrypted ? 'replaced' : 'added', keep: false } as const;
	if (remove || !sameFamily) return { change: before?.apiKeyEncrypted ? 'removed' : 'unchanged', keep: false } as const;
	return { change: 'unchanged', keep: true } as const;
}

/** Saves the chat connection from the form. */
export async function saveChatConnection(event: AuditEvent, adminId: string, data: FormData): Promise<Outcome> {
	const view = await modelsPageView();
	const parsed = connectionFormSchema.safeParse(formInput(data, view));
	if (!parsed.success) {
		const errors: Record<string, string> = {};
		for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'kind')] ??= issue.message;
		if (errors.kind) errors.kind = 'Choose the kind of connection';
		return { ok: false, errors };
	}
	const form = parsed.data;
	const env = getConfig().chat;
	const keyFromEnv = envKeyVariable(env, form.kind);
	const newKey = keyFromEnv ? undefined : form.apiKey;
	const box = secretBox();
	if (newKey && !box) return { ok: false, errors: { apiKey: NO_SECRETS_KEY_MESSAGE } };
	const before = (await savedChatConnection())?.row;
	const key = keyOutcome(before, form.kind, newKey, text(data, 'removeKey') === 'yes');
	const hasKey = Boolean(keyFromEnv || newKey || (key.keep && before?.apiKeyEncrypted));
	if (form.kind !== 'openai-compatible' && !hasKey) {
		const where = form.kind === 'azure' ? 'Azure OpenAI resource' : 'OpenAI account';
		return { ok: false, errors: { apiKey: `Enter the API key of your ${where}` } };
	}
	const models =
		form.kind === 'azure'
			? form.deployments.map((id) => ({ id, label: before?.models.find((m) => m.id === id)?.label ?? id }))
			: (before?.models ?? []);
	const defaultModel = models.some((m) => m.id === before?.defaultModel)
		? before!.defaultModel
		: (models[0]?.id ?? null);
	const values = {
		kind: form.kind,
		baseUrl: form.kind === 'openai-compatible' && !view.baseUrl.env ? form.baseUrl : null,
		endpoint: form.kind === 'azure' && !view.endpoint.env ? form.endpoint : null,
		apiVersion: form.kind === 'azure' && !view.apiVersion.env ? form.apiVersion : null,
		models,
		defaultModel,
		apiKeyEncrypted: newKey ? box!.encrypt(newKey, apiKeyContext('chat')) : key.keep ? undefined : null
	};
	const row = await saveModelConnection('chat', values, adminId);
	invalidateModelConnections();
	const changed = (['kind', 'baseUrl', 'endpoint', 'apiVersion'] as const).filter(
		(f) => (before?.[f] ?? null) !== (row[f] ?? null)
	);
	await audit(event, 'models.connection_saved', {
		actorId: adminId,
		targetType: 'model_connection',
		targetId: 'chat',
		details: { kind: row.kind, changed, key: key.change, models: row.models.length, created: !before }
	});
	return { ok: true, message: 'Connection saved. Test it, then choose the models people can use.' };
}

/** Removes the saved chat connection (values from the environment stay in use). */
export async function removeChatConnection(event: AuditEvent, adminId: string): Promise<Outcome> {
	const removed = await deleteModelConnection('chat');
	invalidateModelConnections();
	if (removed) {
		await audit(event, 'models.connection_removed', {
			actorId: adminId,
			targetType: 'model_connection',
			targetId: 'chat'
		});
	}
	return { ok: true, message: removed ? 'Connection removed, and its key deleted.' : 'There was no saved connection.' };
}

type Choice = { id: string; label: string; offer: boolean };

function readChoices(data: FormData): Choice[] | string {
	const count = Math.min(Number(text(data, 'count') ?? 0) || 0, 200);
	const choices: Choice[] = [];
	for (let i = 0; i < count; i++) {
		const parsed = modelChoiceSchema.safeParse({
			id: text(data, `models.${i}.id`),
			label: text(data, `models.${i}.label`) ?? ''
		});
		if (!parsed.success) return parsed.error.issues[0].message;
		if (choices.some((c) => c.id === parsed.data.id)) continue;
		choices.push({ ...parsed.data, offer: text(data, `models.${i}.offer`) === 'yes' });
	}
	const other = (text(data, 'other') ?? '').trim();
	if (other) {
		const parsed = modelChoiceSchema.safeParse({ id: other, label: '' });
		if (!parsed.success) return parsed.error.issues[0].message;
		if (!choices.some((c) => c.id === other)) choices.push({ id: other, label: '', offer: true });
	}
	return choices;
}

/** Saves which models people see, their labels and the default. */
export async function saveChatModelChoices(event: AuditEvent, adminId: string, data: FormData): Promise<Outcome> {
	if (getConfig().chat.models.length) {
		return { ok: false, errors: { models: 'CHAT_MODELS sets the models in the environment: change it there.' } };
	}
	const before = (await savedChatConnection())?.row;
	if (!before) return { ok: false, errors: { models: 'Save a connection before choosing its models.' } };
	const choices = readChoices(data);
	if (typeof choices === 'string') return { ok: false, errors: { models: choices } };
	const offered = choices.filter((c) => c.offer).map((c) => ({ id: c.id, label: c.label || c.id }));
	if (!offered.length) return { ok: false, errors: { models: 'Choose at least one model people can use' } };
	const requested = text(data, 'default');
	if (requested && !offered.some((m) => m.id === requested)) {
		return { ok: false, errors: { default: 'The default model must be one that people can use: tick it too' } };
	}
	const defaultModel = requested ?? offered[0].id;
	await saveModelChoices('chat', { models: offered, defaultModel }, adminId);
	invalidateModelConnections();
	await audit(event, 'models.choices_changed', {
		actorId: adminId,
		targetType: 'model_connection',
		targetId: 'chat',
		details: {
			before: { models: before.models.map((m) => m.id), defaultModel: before.defaultModel },
			after: { models: offered.map((m) => m.id), defaultModel }
		}
	});
	const label = offered.find((m) => m.id === defaultModel)?.label;
	return {
		ok: true,
		message: `People can now choose ${offered.length === 1 ? '1 model' : `${offered.length} models`}; new chats use ${label}.`
	};
}
