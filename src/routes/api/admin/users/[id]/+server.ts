import { error, json } from '@sveltejs/kit';
import { readJson } from '$lib/server/assistants/http';
import { requireApiAdmin } from '$lib/server/authz/guards';
import { deletePerson } from '$lib/server/people/delete';
import { deletedPersonLabel } from '$lib/server/people/pseudonym';
import type { RequestHandler } from './$types';

/**
 * Deletes a deactivated person under the retention rules. Body: `{"confirmEmail": their address,
 * "newOwnerId"?: who takes shared work still in their name}`. 200 with what went and the reference the
 * audit log now shows; 400 for bad input, 409 when they must be deactivated first.
 */
export const DELETE: RequestHandler = async (event) => {
	const admin = requireApiAdmin(event);
	const errorId = event.locals.requestId;
	const body = await readJson(event.request, errorId);
	const r = await deletePerson(admin, event.params.id, body, { requestId: errorId });
	if (!r.ok) {
		if (r.status === 404 || r.status === 403) error(r.status, { message: r.message, errorId });
		return json({ message: r.message, errorId, ...(r.field ? { field: r.field } : {}) }, { status: r.status });
	}
	return json({
		deleted: true,
		auditReference: deletedPersonLabel(event.params.id),
		chatsDeleted: r.value.chats,
		attachmentsDeleted: r.value.attachments,
		sharedMoved: r.value.sharedMoved
	});
};
