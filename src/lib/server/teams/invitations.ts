/**
 * Joining a team is consented to: owners invite an email address, and the person joins only when they
 * accept. The inviter gets the same answer whether or not the address has an account, so the form
 * cannot be used to find out who uses the service or what they are called.
 */
import { invitationIdSchema, inviteMemberSchema, type MyInvitationView, type TeamRoleName } from '$lib/schemas/team';
import type { SessionUser } from '$lib/schemas/user';
import { isUuid } from '../db/queries/chats';
import {
	answerTeamInvitation,
	deleteTeamInvitation,
	listInvitationsForEmail,
	upsertTeamInvitation
} from '../db/queries/team-invitations';
import { RateLimiter } from '../auth/rate-limit';
import { access, invalid, NOT_FOUND, OWNERS_ONLY, record, type RequestMeta, type Result } from './service';

/** How long an invitation waits for an answer. */
export const INVITATION_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Invitations one person may send in an hour, across all their teams. */
export const invitesBySender = new RateLimiter('team-invites-by-sender', 30, 60 * 60 * 1000);

export type InviteResult = { email: string; role: TeamRoleName; renewed: boolean; expiresAt: Date };

/** Owners (and admins) invite an email address to the team with a role. */
export async function inviteMember(
	user: SessionUser,
	teamId: string,
	body: unknown,
	meta?: RequestMeta
): Promise<Result<InviteResult>> {
	const a = await access(user, teamId);
	if (!a) return NOT_FOUND;
	if (!a.manage) return OWNERS_ONLY;
	const parsed = inviteMemberSchema.safeParse(body);
	if (!parsed.success) return invalid(parsed.error);
	// Counted before it is sent, so a burst cannot slip past the limit.
	const limit = await invitesBySender.consume(user.id);
	if (!limit.allowed) {
		const minutes = Math.max(1, Math.ceil(limit.retryAfterSeconds / 60));
		const message = `You have sent a lot of invitations in the last hour. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
		return { ok: false, status: 429, message, fieldErrors: { email: message } };
	}
	const { email, role } = parsed.data;
	const expiresAt = new Date(Date.now() + INVITATION_DAYS * DAY_MS);
	const outcome = await upsertTeamInvitation({ teamId, email, role, invitedBy: user.id, expiresAt });
	if (outcome === 'already_member') {
		// Owners see every member's email in the members table, so this tells them nothing new.
		const message = `${email} is already in this team. Change their role in the table instead`;
		return { ok: false, status: 409, message, fieldErrors: { email: message } };
	}
	await record(user, meta, 'team.member_invited', {
		actorId: user.id,
		targetType: 'team',
		targetId: teamId,
		details: { role, renewed: outcome === 'renewed' }
	});
	return { ok: true, value: { email, role, renewed: outcome === 'renewed', expiresAt } };
}

/** Owners (and admins) withdraw an invitation that has not been answered. */
export async function withdrawInvitation(
	user: SessionUser,
	teamId: string,
	body: unknown,
	meta?: RequestMeta
): Promise<Result<{ email: string }>> {
	const a = await access(user, teamId);
	if (!a) return NOT_FOUND;
	if (!a.manage) return OWNERS_ONLY;
	const parsed = invitationIdSchema.safeParse(body);
	if (!parsed.success) return invalid(parsed.error);
	const removed = await deleteTeamInvitation(teamId, parsed.data.invitationId);
	if (!removed) return { ok: false, status: 404, message: 'That invitation has already been answered or withdrawn' };
	await record(user, meta, 'team.invitation_withdrawn', {
		actorId: user.id,
		targetType: 'team',
		targetId: teamId,
		details: { invitationId: parsed.data.invitationId }
	});
	return { ok: true, value: removed };
}

/** Invitations waiting for the signed-in person (matched on their own email address). */
export async function listMyInvitations(user: SessionUser): Promise<MyInvitationView[]> {
	const rows = await listInvitationsForEmail(user.email);
	return rows.map((r) => ({
		id: r.id,
		teamName: r.teamName,
		teamDescription: r.teamDescription,
		role: r.role,
		invitedByName: r.invitedByName,
		expiresAt: r.expiresAt.toISOString()
	}));
}

const NO_INVITATION = {
	ok: false,
	status: 404,
	message: 'That invitation was not found. It may have expired, been withdrawn or already been answered'
} as const;

/** The invitee accepts (joins with the invited role) or declines; anyone else's invitation is 404. */
export async function answerInvitation(
	user: SessionUser,
	invitationId: string,
	accept: boolean,
	meta?: RequestMeta
): Promise<Result<{ teamId: string; teamName: string; role: TeamRoleName }>> {
	if (!isUuid(invitationId)) return NO_INVITATION;
	const answered = await answerTeamInvitation(invitationId, user.email, user.id, accept);
	if (!answered) return NO_INVITATION;
	await record(user, meta, accept ? 'team.invitation_accepted' : 'team.invitation_declined', {
		actorId: user.id,
		targetType: 'team',
		targetId: answered.teamId,
		details: accept ? { userId: user.id, role: answered.role } : { invitationId }
	});
	return { ok: true, value: answered };
}
