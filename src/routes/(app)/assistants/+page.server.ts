import { ASSISTANT_CATEGORIES } from '$lib/schemas/assistant';
import { requireUser } from '$lib/server/authz/guards';
import { duplicateAction, startChatAction } from '$lib/server/assistants/page-actions';
import { listAssistants, type Scope } from '$lib/server/assistants/service';
import { takeFlash } from '$lib/server/flash';
import type { Actions, PageServerLoad } from './$types';

const SCOPES: Scope[] = ['all', 'mine', 'teams', 'organisation'];

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const params = event.url.searchParams;
	const q = params.get('search')?.trim().slice(0, 200) ?? '';
	const categoryParam = params.get('category') ?? '';
	const category = (ASSISTANT_CATEGORIES as readonly string[]).includes(categoryParam) ? categoryParam : '';
	const scopeParam = params.get('scope') as Scope | null;
	const scope: Scope = scopeParam && SCOPES.includes(scopeParam) ? scopeParam : 'all';
	const assistants = await listAssistants(user, { q: q || undefined, category: category || undefined, scope });
	return {
		flash: takeFlash(event.cookies, '/assistants'),
		filter: { q, category, scope },
		assistants: assistants.map((a) => ({
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
		}))
	};
};

export const actions: Actions = {
	start: startChatAction,
	duplicate: duplicateAction
};
