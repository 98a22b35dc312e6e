import { requireUser } from '$lib/server/authz/guards';
import { chatsForSidebar } from '$lib/server/chat/page';
import { getSetting } from '$lib/server/governance/settings';
import type { LayoutServerLoad } from './$types';

/** The sidebar: this person's chats (not empty ones, other than the chat open now), searched by `?q=` over titles and message text; and the AI-use statement for copying. */
export const load: LayoutServerLoad = async (event) => {
	const user = requireUser(event);
	const openChat = event.route.id?.startsWith('/(app)/chats/') ? (event.params.id ?? null) : null;
	const q = event.url.searchParams.get('q')?.slice(0, 200) ?? '';
	const [chats, disclosure] = await Promise.all([
		chatsForSidebar(user.id, q, openChat),
		getSetting('transparency.disclosure')
	]);
	return { chats, q, disclosure };
};
