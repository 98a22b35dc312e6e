/**
 * Featured assistants come first in the directory. Admins choose them from the assistants shared with
 * the whole organisation (built-in ones too; a built-in's file sets its starting value, and a new
 * version of the file sets it again).
 */
import type { SessionUser } from '$lib/schemas/user';
import { isUuid } from '../db/queries/chats';
import { findAssistant, setAssistantFeatured } from '../db/queries/assistants';
import { audit } from '../governance/audit';

export type FeatureResult =
	| { ok: true; value: { id: string; name: string; featured: boolean; changed: boolean } }
	| { ok: false; status: 403 | 404 | 409; message: string };

const NOT_FOUND = { ok: false, status: 404, message: 'Assistant not found' } as const;

/** Features an organisation assistant, or stops featuring one; admins only, audited with before and after. */
export async function setFeatured(
	admin: SessionUser,
	id: string,
	featured: boolean,
	meta: { requestId?: string } = {}
): Promise<FeatureResult> {
	if (admin.role !== 'admin') return { ok: false, status: 403, message: 'Only administrators can feature assistants' };
	if (!isUuid(id)) return NOT_FOUND;
	const row = await findAssistant(id);
	if (!row) return NOT_FOUND;
	const everyone =
		row.visibility === 'organisation' &&
		(row.approval === 'approved' || row.liveVersion !== null) &&
		row.status === 'published';
	// Stopping is always allowed, so nothing stays featured after it stops being shared.
	if (featured && !everyone) {
		return {
			ok: false,
			status: 409,
			message: `“${row.name}” is not published to the whole organisation, so it cannot be featured`
		};
	}
	const before = await setAssistantFeatured(id, featured);
	if (before === undefined) return NOT_FOUND;
	const changed = before !== featured;
	if (changed) {
		await audit({ locals: { user: admin, requestId: meta.requestId } }, 'assistant.featured_changed', {
			targetType: 'assistant',
			targetId: id,
			details: { before: { featured: before }, after: { featured } }
		});
	}
	return { ok: true, value: { id, name: row.name, featured, changed } };
}
