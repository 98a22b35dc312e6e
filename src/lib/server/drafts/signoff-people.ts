/** Administrators mark the people who may sign off drafts that need a clinician. */
import type { SessionUser } from '$lib/schemas/user';
import { isUuid } from '../db/queries/chats';
import { setClinicalReviewer } from '../db/queries/draft-reviews';
import { audit } from '../governance/audit';

type Ctx = { locals: { user: SessionUser | null; requestId?: string } };

/** Sets the flag and records who changed it; 404 for no such person. Unchanged values are not audited. */
export async function markClinicalReviewer(
	event: Ctx,
	admin: SessionUser,
	personId: string,
	clinical: boolean
): Promise<
	{ ok: true; value: { clinicalReviewer: boolean; changed: boolean } } | { ok: false; status: 404; message: string }
> {
	const before = isUuid(personId) ? await setClinicalReviewer(personId, clinical) : undefined;
	if (before === undefined) return { ok: false, status: 404, message: 'User not found' };
	const changed = before !== clinical;
	if (changed) {
		await audit(event, 'user.clinical_reviewer_changed', {
			actorId: admin.id,
			targetType: 'user',
			targetId: personId,
			details: { before: { clinicalReviewer: before }, after: { clinicalReviewer: clinical } }
		});
	}
	return { ok: true, value: { clinicalReviewer: clinical, changed } };
}
