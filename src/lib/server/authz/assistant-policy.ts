/**
 * Who may do what with an assistant or a saved prompt. Pure functions, so the whole matrix (owner, team
 * editor, team member, another member, admin × private, team, organisation) is easy to test.
 *
 * - private: the owner only (admins cannot read people's private work).
 * - team: members of the team use it; the owner and team owners/editors edit it.
 * - organisation: everyone uses it once an admin has approved it; until then it behaves as team (or
 *   private) sharing. A later version waiting for approval does not take it away: everyone who cannot
 *   edit it keeps using the last approved version (the live version) meanwhile. Admins approve, decline, unpublish and delete anything shared beyond one person.
 * - drafts: only people who can edit see them.
 * - built-in assistants belong to the organisation: admins edit them, nobody deletes them.
 */
import type { TeamRole } from '../db/schema/teams';

export type Actor = { id: string; role: 'member' | 'admin'; teamRoles: Map<string, TeamRole> };
export type Shared = {
	ownerId: string | null;
	teamId: string | null;
	visibility: 'private' | 'team' | 'organisation';
	status: 'draft' | 'published';
	approval: 'none' | 'pending' | 'approved' | 'declined';
	builtinKey?: string | null;
	/** An organisation assistant's last approved version, which stays in use while a newer one waits. */
	liveVersion?: number | null;
};
export type Can = {
	view: boolean;
	use: boolean;
	edit: boolean;
	delete: boolean;
	share: boolean;
	approve: boolean;
	/**
	 * Administrators oversee every assistant shared beyond its owner: they see it as it stands (its newest
	 * version, its approval and any reason it was declined), not the live version members are given.
	 */
	oversee: boolean;
	duplicate: boolean;
};

const isAdmin = (a: Actor) => a.role === 'admin';
const isOwner = (a: Actor, s: Shared) => s.ownerId !== null && s.ownerId === a.id;
const teamRole = (a: Actor, s: Shared) => (s.teamId ? a.teamRoles.get(s.teamId) : undefined);
const sharedBeyondOwner = (s: Shared) => s.visibility !== 'private';
const isLive = (s: Shared) => s.liveVersion !== undefined && s.liveVersion !== null;

export function canEdit(a: Actor, s: Shared): boolean {
	if (s.builtinKey) return isAdmin(a);
	if (isOwner(a, s)) return true;
	const role = teamRole(a, s);
	return sharedBeyondOwner(s) && (role === 'owner' || role === 'editor');
}

export function canView(a: Actor, s: Shared): boolean {
	if (canEdit(a, s)) return true;
	if (isAdmin(a) && sharedBeyondOwner(s)) return true;
	if (s.status !== 'published') return false;
	if (s.visibility === 'organisation' && (s.approval === 'approved' || isLive(s))) return true;
	return sharedBeyondOwner(s) && teamRole(a, s) !== undefined;
}

export function assistantPermissions(a: Actor, s: Shared): Can {
	const view = canView(a, s);
	const edit = canEdit(a, s);
	return {
		view,
		use: view && (s.status === 'published' || edit),
		edit,
		delete: !s.builtinKey && (isOwner(a, s) || (sharedBeyondOwner(s) && (teamRole(a, s) === 'owner' || isAdmin(a)))),
		share: !s.builtinKey && isOwner(a, s),
		approve: isAdmin(a) && s.approval === 'pending',
		oversee: isAdmin(a) && sharedBeyondOwner(s),
		duplicate: view
	};
}

/** Whether a person may share with a team: they must be its owner or editor. */
export function canShareWithTeam(a: Actor, teamId: string): boolean {
	const role = a.teamRoles.get(teamId);
	return role === 'owner' || role === 'editor';
}
