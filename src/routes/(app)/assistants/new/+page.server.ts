import { emptyDraft } from '$lib/schemas/assistant-form';
import { requireUser } from '$lib/server/authz/guards';
import { builderOptions, createFromBuilder, handleBuilderSubmit } from '$lib/server/assistants/builder-page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const draft = emptyDraft();
	// "Create for this team" links from a team page preselect it.
	const team = event.url.searchParams.get('team');
	const options = await builderOptions(user);
	if (team && options.teams.some((t) => t.id === team)) {
		draft.visibility = 'team';
		draft.teamId = team;
	}
	return { draft, options };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		return handleBuilderSubmit(event, createFromBuilder(user), (a) => `Assistant “${a.name}” created`);
	}
};
