import { requireUser } from '$lib/server/authz/guards';
import { duplicateAction, startChatAction } from '$lib/server/assistants/page-actions';
import { listAssistants, type Scope } from '$lib/server/assistants/service';
import { takeFlash } from '$lib/server/flash';
import { knownTheme } from '$lib/utils/task-library';
import type { Actions, PageServerLoad } from './$types';

const SCOPES: Scope[] = ['all', 'mine', 'teams', 'organisation'];

/**
 * The task library: every assistant someone can use, by theme. `?search=` matches name, description,
 * theme and starter prompts; `?theme=` shows one theme (the older `?category=` still works); `?scope=`
 * narrows to theirs, their teams' or the organisation's.
 */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const params = event.url.searchParams;
	const search = params.get('search')?.trim().slice(0, 200) ?? '';
	const theme = knownTheme(params.get('theme') ?? params.get('category')) ?? '';
	const scopeParam = params.get('scope') as Scope | null;
	const scope: Scope = scopeParam && SCOPES.includes(scopeParam) ? scopeParam : 'all';
	const found = await listAssistants(user, { q: search || undefined, scope });
	const assistants = found.map((a) => ({
		id: a.id,
		name: a.name,
		description: a.description,
		category: a.category,
		colour: a.colour,
		visibility: a.visibility,
		teamName: a.teamName,
		status: a.status,
		approval: a.approval,
		featured: a.featured,
		builtin: a.builtin,
		usageCount: a.usageCount,
		rating: a.rating,
		canUse: a.can.use
	}));
	return {
		flash: takeFlash(event.cookies, '/assistants'),
		filter: { search, theme, scope },
		// Every match: the theme links count them all; the page shows only the chosen theme's.
		assistants
	};
};

export const actions: Actions = {
	start: startChatAction,
	duplicate: duplicateAction
};
