import { requireUser } from '$lib/server/authz/guards';
import { chatsForSidebar } from '$lib/server/chat/page';
import type { LayoutServerLoad } from './$types';

/** The sidebar: this person's chats, searched by `?q=` over titles and message text. */
export const load: LayoutServerLoad = async (event) => {
	const user = requireUser(event);
	const q = event.url.searchParams.get('q')?.slice(0, 200) ?? '';
	return { chats: await chatsForSidebar(user.id, q), q };
};
