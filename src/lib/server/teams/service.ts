/**
 * Teams: who belongs, with which role, and who may change that. Every function takes the signed-in
 * person and decides for itself; route handlers only guard, parse and respond.
 */
import {
	changeRoleSchema,
	createTeamSchema,
	removeMemberSchema,
	TEAM_ROLE_LABELS,
	type TeamRoleName,
	type TeamView
} from '$lib/schemas/team';
import type { SessionUser } from '$lib/schemas/user';
import { isAdmin } from '../authz/policy';
import {
	changeTeamMembership,
	createTeamWithOwner,
	findTeamById,
	findTeamRole,
	listAllTeams,
	listTeamMembers,
	listTeamsForUser,
	type MyTeam,
	type TeamSummary
} from '../db/queries/teams';
import { isUuid } from '../db/queries/chats';
import { listPendingTeamInvitations } from '../db/queries/team-invitations';
import { findUserById } from '../db/queries/users';
import { audit, type AuditAction } from '../governance/audit';
import type { z } from 'zod';

export type Result<T> =
	| { ok: true; value: T }
	| { ok: false; status: 400 | 403 | 404 | 409 | 429; message: string; fieldErrors?: Record<string, string> };

/** Where the change came from, so the audit log can tie it to a request. */
export type RequestMeta = { requestId?: string };

export const NOT_FOUND = { ok: false, status: 404, message: 'Team not found' } as const;
export const OWNERS_ONLY = {
	ok: false,
	status: 403,
	message: 'Only the team’s owners can manage its members'
} as const;

export function invalid(error: z.ZodError): Result<never> {
	const fieldErrors: Record<string, string> = {};
	for (const issue of error.issues) fieldErrors[issue.path.map(String).join('.') || 'form'] ??= issue.message;
	return { ok: false, status: 400, message: Object.values(fieldErrors)[0] ?? 'Check your answers', fieldErrors };
}

export function record(
	user: SessionUser,
	meta: RequestMeta | undefined,
	action: AuditAction,
	rest: Parameters<typeof audit>[2]
) {
	return audit({ locals: { user, requestId: meta?.requestId } }, action, rest);
}

/** The viewer's role in a team, or whether they may see it at all (admins see every team). */
export async function access(user: SessionUser, teamId: string) {
	if (!isUuid(teamId)) return null;
	const team = await findTeamById(teamId);
	if (!team) return null;
	const role = await findTeamRole(teamId, user.id);
	if (!role && !isAdmin(user)) return null;
	return { team, role, manage: role === 'owner' || isAdmin(user) };
}

export async function listMyTeams(user: SessionUser): Promise<MyTeam[]> {
	return listTeamsForUser(user.id);
}

/** Every team, for admins; null for anyone else. */
export async function listTeamsForAdmin(user: SessionUser): Promise<(TeamSummary & { ownerNames: string[] })[] | null> {
	return isAdmin(user) ? listAllTeams() : null;
}

/** A team with its members, or null when it does not exist or the viewer may not see it. */
export async function getTeam(user: SessionUser, teamId: string): Promise<TeamView | null> {
	const a = await access(user, teamId);
	if (!a) return null;
	const members = await listTeamMembers(teamId);
	return {
		id: a.team.id,
		name: a.team.name,
		description: a.team.description,
		createdAt: a.team.createdAt.toISOString(),
		myRole: a.role,
		members: members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() })),
		invitations: a.manage ? await pendingInvitations(teamId) : [],
		can: { manage: a.manage, leave: a.role !== null }
	};
}

async function pendingInvitations(teamId: string) {
	const rows = await listPendingTeamInvitations(teamId);
	return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), expiresAt: r.expiresAt.toISOString() }));
}

/** Any member may create a team; they become its first owner. */
export async function createTeam(
	user: SessionUser,
	body: unknown,
	meta?: RequestMeta
): Promise<Result<{ id: string; name: string }>> {
	const parsed = createTeamSchema.safeParse(body);
	if (!parsed.success) return invalid(parsed.error);
	const team = await createTeamWithOwner({ ...parsed.data, ownerId: user.id });
	await record(user, meta, 'team.created', { actorId: user.id, targetType: 'team', targetId: team.id });
	return { ok: true, value: { id: team.id, name: team.name } };
}

const LAST_OWNER = 'A team must always have at least one owner. Make someone else an owner first';

/** Owners (and admins) change a member's role; the last owner cannot stop being one. */
export async function changeMemberRole(
	user: SessionUser,
	teamId: string,
	body: unknown,
	meta?: RequestMeta
): Promise<Result<{ userId: string; name: string; role: TeamRoleName; changed: boolean }>> {
	const a = await access(user, teamId);
	if (!a) return NOT_FOUND;
	if (!a.manage) return OWNERS_ONLY;
	const parsed = changeRoleSchema.safeParse(body);
	if (!parsed.success) return invalid(parsed.error);
	const { userId, role } = parsed.data;
	const target = await findUserById(userId);
	const { result, before } = await changeTeamMembership(teamId, userId, role);
	if (result === 'not_member' || !target) return { ok: false, status: 404, message: 'That person is not in this team' };
	if (result === 'last_owner') return { ok: false, status: 409, message: LAST_OWNER };
	const changed = before !== role;
	if (changed) {
		await record(user, meta, 'team.member_role_changed', {
			actorId: user.id,
			targetType: 'team',
			targetId: teamId,
			details: { userId, before: { role: before }, after: { role } }
		});
	}
	return { ok: true, value: { userId, name: target.name, role, changed } };
}

/** Owners (and admins) remove anyone; everyone may remove themselves (leave). Never the last owner. */
export async function removeMember(
	user: SessionUser,
	teamId: string,
	body: unknown,
	meta?: RequestMeta
): Promise<Result<{ userId: string; name: string; left: boolean }>> {
	const a = await access(user, teamId);
	if (!a) return NOT_FOUND;
	const parsed = removeMemberSchema.safeParse(body);
	if (!parsed.success) return invalid(parsed.error);
	const { userId } = parsed.data;
	const self = userId === user.id;
	if (!self && !a.manage) return OWNERS_ONLY;
	const target = await findUserById(userId);
	const { result, before } = await changeTeamMembership(teamId, userId, null);
	if (result === 'not_member' || !target) return { ok: false, status: 404, message: 'That person is not in this team' };
	if (result === 'last_owner') {
		const message = self ? 'You are the only owner. Make someone else an owner before you leave' : LAST_OWNER;
		return { ok: false, status: 409, message };
	}
	await record(user, meta, 'team.member_removed', {
		actorId: user.id,
		targetType: 'team',
		targetId: teamId,
		details: { userId, role: before, self }
	});
	return { ok: true, value: { userId, name: target.name, left: self } };
}

/** The words for a role, for messages. */
export function roleLabel(role: TeamRoleName): string {
	return TEAM_ROLE_LABELS[role].toLowerCase();
}
