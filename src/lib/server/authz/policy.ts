import type { SessionUser, UserRole } from '$lib/schemas/user';

export function isAdmin(user: Pick<SessionUser, 'role'> | null | undefined): boolean {
	return user?.role === 'admin';
}

/** Whether an admin may give `targetRole` to someone: never leave the organisation without an admin. */
export function canChangeRole(input: {
	currentRole: UserRole;
	targetRole: UserRole;
	adminCount: number;
}): { ok: true } | { ok: false; reason: string } {
	if (input.currentRole === 'admin' && input.targetRole !== 'admin' && input.adminCount <= 1) {
		return { ok: false, reason: 'There must always be at least one administrator' };
	}
	return { ok: true };
}
