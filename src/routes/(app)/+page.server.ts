import { requireUser } from '$lib/server/authz/guards';
import { modelsForPage } from '$lib/server/chat/page';
import { chosenAssistant, startHereAssistants } from '$lib/server/chat/start-here';
import { listMyInvitations } from '$lib/server/teams/invitations';
import type { PageServerLoad } from './$types';

/**
 * The workspace home. `?assistant=<id>` opens the composer with that assistant chosen (the chat is
 * created when the first message is sent); `?prompt=` fills the message box; `?usePrompt=<id>` opens the
 * saved prompt's form in the prompt picker.
 */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const assistantId = event.url.searchParams.get('assistant');
	const [models, invitations, featured, assistant] = await Promise.all([
		modelsForPage(user),
		listMyInvitations(user),
		startHereAssistants(user),
		chosenAssistant(user, assistantId)
	]);
	return {
		firstName: user.name.split(/\s+/)[0],
		...models,
		deleted: event.url.searchParams.has('deleted'),
		invitations,
		featured,
		assistant,
		assistantMissing: Boolean(assistantId) && !assistant,
		prompt: event.url.searchParams.get('prompt')?.slice(0, 20_000) ?? ''
	};
};
