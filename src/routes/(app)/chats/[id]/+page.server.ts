import { fail, redirect } from '@sveltejs/kit';
import { renameChatSchema } from '$lib/schemas/chat';
import { requireUser } from '$lib/server/authz/guards';
import { getConfig } from '$lib/server/config';
import { chatForPage, modelsForPage } from '$lib/server/chat/page';
import { deleteChat, renameChat } from '$lib/server/db/queries/chats';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const chat = await chatForPage(event.params.id, user, event.locals.requestId);
	return {
		chat,
		...(await modelsForPage(user)),
		maxAttachmentBytes: getConfig().attachments.maxBytes,
		confirmDelete: event.url.searchParams.has('delete')
	};
};

export const actions: Actions = {
	rename: async (event) => {
		const user = requireUser(event);
		await chatForPage(event.params.id, user, event.locals.requestId);
		const form = await event.request.formData();
		const parsed = renameChatSchema.safeParse({ title: form.get('title') ?? '' });
		if (!parsed.success) {
			return fail(400, { renameError: parsed.error.issues[0]?.message ?? 'Enter a title', title: form.get('title') });
		}
		await renameChat(event.params.id, user.id, parsed.data.title);
		return { renamed: true };
	},
	delete: async (event) => {
		const user = requireUser(event);
		await chatForPage(event.params.id, user, event.locals.requestId);
		await deleteChat(event.params.id, user.id);
		redirect(303, '/?deleted=1');
	}
};
