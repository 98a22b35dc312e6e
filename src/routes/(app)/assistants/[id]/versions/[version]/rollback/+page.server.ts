import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { SessionUser } from '$lib/schemas/user';
import { requireUser } from '$lib/server/authz/guards';
import { getAssistant, listVersions, rollbackAssistant } from '$lib/server/assistants/service';
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

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { a, found } = await target(event, user);
	return {
		assistant: { id: a.id, name: a.name, version: a.version },
		version: { version: found.version, changeNote: found.changeNote }
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const { a, found } = await target(event, user);
		const result = await rollbackAssistant(user, a.id, found.version);
		if (!result.ok) return fail(result.status, { message: result.message });
		setFlash(
			event.cookies,
			'/assistants',
			`Rolled back to version ${found.version}. It is saved as version ${result.value.version}`
		);
		redirect(303, `/assistants/${a.id}/versions`);
	}
};
