import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { SessionUser } from '$lib/schemas/user';
import { requireUser } from '$lib/server/authz/guards';
import { rollbackBlockedReason } from '$lib/server/assistants/evaluation/gate';
import { listVersions, rollbackAssistant } from '$lib/server/assistants/lifecycle';
import { getAssistant, type AssistantView } from '$lib/server/assistants/service';
import { setFlash } from '$lib/server/flash';
import type { Actions, PageServerLoad } from './$types';

/** The assistant and the version to restore; 404 unless both exist and the person can see them. */
async function target(event: RequestEvent<{ id: string; version: string }>, user: SessionUser) {
	const a = await getAssistant(user, event.params.id);
	const versions = a ? await listVersions(user, a.id) : null;
	const version = Number(event.params.version);
	const found = versions?.ok ? versions.value.find((v) => v.version === version) : undefined;
	if (!a || !found) error(404, { message: 'Version not found', errorId: event.locals.requestId });
	if (!a.can.edit) error(403, { message: 'You cannot change this assistant', errorId: event.locals.requestId });
	return { a, found };
}

/**
 * What happens to everyone else: an admin's rollback of an organisation assistant goes live at once (so
 * the version needs a completed evaluation); anyone else's waits for approval.
 */
type Effect = 'live' | 'blocked' | 'approval' | 'none';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { a, found } = await target(event, user);
	let effect: Effect = 'none';
	let blocked: string | null = null;
	if (a.visibility === 'organisation' && user.role === 'admin') {
		blocked = (await rollbackBlockedReason(a.id, found.version, a.version)).blocked;
		effect = blocked ? 'blocked' : 'live';
	} else if (a.visibility === 'organisation' && a.approval === 'approved') effect = 'approval';
	return {
		assistant: { id: a.id, name: a.name, version: a.version },
		version: { version: found.version, changeNote: found.changeNote },
		effect,
		blocked
	};
};

function rolledBackMessage(restored: number, a: AssistantView): string {
	const saved = `Rolled back to version ${restored}. It is saved as version ${a.version}`;
	if (a.visibility !== 'organisation') return saved;
	if (a.approval === 'approved') return `${saved}, and everyone in the organisation now uses it.`;
	if (a.approval === 'pending')
		return `${saved}. It is waiting for approval: run its tests, then an administrator approves it to make it live.`;
	return saved;
}

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const { a, found } = await target(event, user);
		const result = await rollbackAssistant(user, a.id, found.version);
		if (!result.ok) return fail(result.status, { message: result.message });
		setFlash(event.cookies, '/assistants', rolledBackMessage(found.version, result.value));
		redirect(303, `/assistants/${a.id}/versions`);
	}
};
