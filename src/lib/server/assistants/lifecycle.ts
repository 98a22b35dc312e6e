/**
 * An assistant's life after it is made: its version history and rollback, an administrator's approval
 * decision (which sets the live version everyone uses), unpublishing, and the approvals queue. Uses the
 * same loading and policy as service.ts; none of these trusts its caller's checks.
 */
import type { SessionUser } from '$lib/schemas/user';
import { assistantPermissions } from '../authz/assistant-policy';
import {
	decideAssistantVersion,
	findAssistantVersion,
	listAssistantVersions,
	listPendingAssistants,
	saveAssistantVersion,
	setAssistantFeatured,
	updateAssistantSharing
} from '../db/queries/assistants';
import { audit } from '../governance/audit';
import { approvalBlockedReason, rollbackBlockedReason } from './evaluation/gate';
import {
	actorFor,
	FORBIDDEN,
	invalid,
	load,
	NOT_FOUND,
	toView,
	type AssistantView,
	type Result,
	type SharingState,
	type VersionView
} from './service';

/** The history is for the people who build the assistant: it may hold drafts and earlier private versions. */
export async function listVersions(user: SessionUser, id: string): Promise<Result<VersionView[]>> {
	const found = await load(await actorFor(user), id);
	if (!found) return NOT_FOUND;
	if (!found.can.edit) return FORBIDDEN('Only the people who can edit this assistant can see its version history');
	return { ok: true, value: await listAssistantVersions(id) };
}

/** Restores an old version by saving it again as the newest one: history only ever grows. */
export async function rollbackAssistant(
	user: SessionUser,
	id: string,
	version: unknown
): Promise<Result<AssistantView>> {
	const actor = await actorFor(user);
	const found = await load(actor, id);
	if (!found) return NOT_FOUND;
	if (!found.can.edit) return FORBIDDEN('You cannot change this assistant');
	if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
		return invalid({ version: 'version must be a whole number of an earlier version' });
	}
	const definition = await findAssistantVersion(id, version);
	if (!definition) return invalid({ version: `There is no version ${version} of this assistant` });
	if (version === found.row.version) return invalid({ version: `Version ${version} is already the current version` });
	const sharing: SharingState = {
		visibility: found.row.visibility,
		teamId: found.row.teamId,
		status: found.row.status,
		approval: found.row.approval,
		approvalReason: found.row.approvalReason,
		approvedBy: found.row.approvedBy
	};
	// An administrator's rollback of an organisation assistant puts the version back in front of everyone
	// at once, so it must be a version with a completed evaluation; anyone else's goes back for approval.
	let evaluationId: string | undefined;
	if (found.row.visibility === 'organisation' && actor.role === 'admin') {
		const gate = await rollbackBlockedReason(id, version, found.row.version);
		if (gate.blocked !== null) return { ok: false, status: 409, message: gate.blocked };
		evaluationId = gate.evaluationId;
		Object.assign(sharing, { approval: 'approved', approvalReason: null, approvedBy: user.id });
	} else if (found.row.approval === 'approved') sharing.approval = 'pending';
	const saved = await saveAssistantVersion({
		id,
		expectedVersion: found.row.version,
		definition,
		sharing,
		changeNote: `Rolled back to version ${version}`,
		createdBy: user.id
	});
	if (saved === undefined)
		return { ok: false, status: 409, message: 'Someone else saved this assistant just now. Reload and try again.' };
	await audit(null, 'assistant.rolled_back', {
		actorId: user.id,
		targetType: 'assistant',
		targetId: id,
		details: {
			before: { version: found.row.version, approval: found.row.approval },
			after: {
				version: saved,
				restored: version,
				approval: sharing.approval,
				...(evaluationId ? { evaluationId } : {})
			}
		}
	});
	const after = await load(actor, id);
	return after ? { ok: true, value: toView(after.row, after.can) } : NOT_FOUND;
}

export async function decideApproval(
	admin: SessionUser,
	id: string,
	decision: { decision: 'approve' | 'decline'; reason?: string; version?: number }
): Promise<Result<AssistantView>> {
	const actor = await actorFor(admin);
	const found = await load(actor, id);
	if (!found) return NOT_FOUND;
	if (actor.role !== 'admin') return FORBIDDEN('Only administrators approve assistants for the organisation');
	if (found.row.approval !== 'pending')
		return { ok: false, status: 409, message: 'This assistant is not waiting for approval' };
	// The version the administrator looked at: a save since then makes a new version with its own evidence.
	if (decision.version !== undefined && decision.version !== found.row.version) {
		return {
			ok: false,
			status: 409,
			message: `This assistant changed after you opened the page: version ${found.row.version} is waiting now. Check its evaluation, then decide.`
		};
	}
	if (decision.decision === 'approve') {
		const blocked = await approvalBlockedReason(id, found.row.version);
		if (blocked) return { ok: false, status: 409, message: blocked };
	}
	const reason = decision.reason?.trim() ?? '';
	if (decision.decision === 'decline' && !reason)
		return invalid({ reason: 'Enter a reason for declining, so the builder knows what to change' });
	const approval = decision.decision === 'approve' ? 'approved' : 'declined';
	const decided = await decideAssistantVersion(id, found.row.version, {
		approval,
		approvalReason: approval === 'declined' ? reason.slice(0, 1000) : null,
		approvedBy: approval === 'approved' ? admin.id : null
	});
	if (!decided) {
		return {
			ok: false,
			status: 409,
			message: 'This assistant changed while you decided. Reload it, check the version waiting now, then decide.'
		};
	}
	// Declining leaves the last approved version live for everyone; with none, nobody else may use it, so
	// it cannot stay featured (a pending version kept its place).
	if (approval === 'declined' && found.row.featured && found.row.liveVersion === null)
		await setAssistantFeatured(id, false);
	await audit(null, 'assistant.approval_decided', {
		actorId: admin.id,
		targetType: 'assistant',
		targetId: id,
		details: { before: { approval: 'pending' }, after: { approval, version: found.row.version } }
	});
	const after = await load(actor, id);
	return { ok: true, value: toView(after!.row, after!.can) };
}

/** Takes any shared assistant back to draft, out of everyone's directory. */
export async function unpublishAssistant(admin: SessionUser, id: string): Promise<Result<AssistantView>> {
	const actor = await actorFor(admin);
	const found = await load(actor, id);
	if (!found) return NOT_FOUND;
	if (actor.role !== 'admin') return FORBIDDEN('Only administrators can unpublish assistants');
	if (found.row.status === 'draft') return { ok: false, status: 409, message: 'This assistant is already unpublished' };
	// Nothing of it stays live: publishing it again needs an administrator's approval.
	await updateAssistantSharing(id, { status: 'draft', liveVersion: null });
	if (found.row.featured) await setAssistantFeatured(id, false);
	await audit(null, 'assistant.unpublished', {
		actorId: admin.id,
		targetType: 'assistant',
		targetId: id,
		details: { before: { status: found.row.status }, after: { status: 'draft' } }
	});
	const after = await load(actor, id);
	return { ok: true, value: toView(after!.row, after!.can) };
}

export async function listPendingApprovals(admin: SessionUser): Promise<AssistantView[]> {
	if (admin.role !== 'admin') return [];
	const actor = await actorFor(admin);
	return (await listPendingAssistants()).map((row) => toView(row, assistantPermissions(actor, row)));
}
