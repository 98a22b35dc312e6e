import { fail } from '@sveltejs/kit';
import { MODEL_ID_PATTERN } from '$lib/schemas/model-connection';
import { requireAdmin } from '$lib/server/authz/guards';
import { removeChatConnection, saveChatConnection, saveChatModelChoices } from '$lib/server/model-connections/admin';
import { runConnectionTest } from '$lib/server/model-connections/test';
import { modelsPageView } from '$lib/server/model-connections/view';
import {
	embeddingsView,
	reembedLibrary,
	runEmbeddingTest,
	saveEmbeddingConnection
} from '$lib/server/model-connections/embeddings';
import type { Actions, PageServerLoad } from './$types';

/** Admin › Models: the chat connection, its test, the models people see, and the embedding model. */
export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	return { view: await modelsPageView(), embeddings: await embeddingsView() };
};

export const actions: Actions = {
	saveConnection: async (event) => {
		const admin = requireAdmin(event);
		const result = await saveChatConnection(event, admin.id, await event.request.formData());
		if (!result.ok) return fail(400, { section: 'connection' as const, errors: result.errors });
		return { section: 'connection' as const, message: result.message };
	},

	removeConnection: async (event) => {
		const admin = requireAdmin(event);
		const result = await removeChatConnection(event, admin.id);
		return { section: 'connection' as const, message: result.ok ? result.message : '' };
	},

	test: async (event) => {
		requireAdmin(event);
		const model = (await event.request.formData()).get('model');
		const chosen = typeof model === 'string' && MODEL_ID_PATTERN.test(model) ? model : undefined;
		const test = await runConnectionTest(chosen, event.request.signal);
		return { section: 'test' as const, test };
	},

	saveModels: async (event) => {
		const admin = requireAdmin(event);
		const result = await saveChatModelChoices(event, admin.id, await event.request.formData());
		if (!result.ok) return fail(400, { section: 'models' as const, errors: result.errors });
		return { section: 'models' as const, message: result.message };
	},

	saveEmbeddings: async (event) => {
		const admin = requireAdmin(event);
		const result = await saveEmbeddingConnection(event, admin.id, await event.request.formData());
		if (!result.ok) return fail(400, { section: 'embeddings' as const, errors: result.errors });
		return { section: 'embeddings' as const, message: result.message, changed: result.changed ?? false };
	},

	testEmbeddings: async (event) => {
		requireAdmin(event);
		const embeddingTest = await runEmbeddingTest(event.request.signal);
		return { section: 'embeddingsTest' as const, embeddingTest };
	},

	reembed: async (event) => {
		const admin = requireAdmin(event);
		const { jobId } = await reembedLibrary(event, admin.id);
		return { section: 'reembed' as const, jobId, message: 'Re-embedding has started.' };
	}
};
