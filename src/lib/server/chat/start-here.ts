/**
 * The home page's "Start here" row: a few featured built-in assistants the person may use, and the
 * assistant chosen with `?assistant=` (from "Start a chat" on an assistant), which is only opened as a
 * chat when the first message is sent.
 */
import type { SessionUser } from '$lib/schemas/user';
import { findUsableAssistant, listAssistants } from '../assistants/service';

export type StartHereAssistant = { id: string; name: string; description: string };
export type ChosenAssistant = StartHereAssistant & { starters: string[]; asksQuestions: boolean };

/** How many assistants the row shows. */
export const START_HERE_COUNT = 4;
/** The built-ins most newcomers need first, in this order, when they are featured. */
const PREFERRED = ['Press release', 'Staff briefing or bulletin item', 'Social media posts', 'Plain English rewrite'];

const rank = (name: string) => {
	const at = PREFERRED.indexOf(name);
	return at === -1 ? PREFERRED.length : at;
};

export async function startHereAssistants(user: SessionUser): Promise<StartHereAssistant[]> {
	const all = await listAssistants(user);
	const featured = all.filter((a) => a.featured && a.can.use && a.status === 'published');
	const builtinFirst = featured.sort(
		(a, b) => Number(b.builtin) - Number(a.builtin) || rank(a.name) - rank(b.name) || a.name.localeCompare(b.name)
	);
	return builtinFirst.slice(0, START_HERE_COUNT).map((a) => ({ id: a.id, name: a.name, description: a.description }));
}

/** The assistant named in `?assistant=`, when the person may use it; otherwise null (the page says so). */
export async function chosenAssistant(user: SessionUser, id: string | null): Promise<ChosenAssistant | null> {
	if (!id) return null;
	const found = await findUsableAssistant(user, id);
	if (!found) return null;
	return {
		id: found.id,
		name: found.name,
		description: found.description,
		starters: found.starters,
		asksQuestions: found.intake.mode !== 'none'
	};
}
