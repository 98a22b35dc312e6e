import { fail } from '@sveltejs/kit';
import { MODEL_ID_PATTERN } from '$lib/schemas/model-connection';
import { requireAdmin } from '$lib/server/authz/guards';
import { removeChatConnection, saveChatConnection, saveChatModelChoices } from '$lib/server/model-connections/admin';
import { runConnectionTest } from '$lib/server/model-connections/test';
import { modelsPageView } from '$lib/server/model-connections/view';
import type { Actions, PageServerLoad } from './$types';

/** Admin › Models: the chat connection, its test, and the models people see. */
export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	return { view: await modelsPageView() };
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
	}
};
