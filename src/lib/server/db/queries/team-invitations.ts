import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import { getDb } from '..';
import { teamInvitations, teamMemberships, teams, users, type TeamRole } from '../schema';

export type PendingInvitation = { id: string; email: string; role: TeamRole; createdAt: Date; expiresAt: Date };

export type MyInvitation = {
	id: string;
	teamId: string;
	teamName: string;
	teamDescription: string;
	role: TeamRole;
	invitedByName: string | null;
	createdAt: Date;
	expiresAt: Date;
};

/** What happened to an invitation request, so the service can answer without telling who has an account. */
export type InviteOutcome = 'invited' | 'renewed' | 'already_member';

/**
 * Invites an email to a team, or renews (new role, new expiry) an invitation already waiting. Someone
 * already in the team is not invited again. Membership is checked by email so that the same code path
 * runs whether or not the address has an account.
 */
export async function upsertTeamInvitation(input: {
	teamId: string;
	email: string;
	role: TeamRole;
	invitedBy: string;
	expiresAt: Date;
}): Promise<InviteOutcome> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [member] = await tx
			.select({ userId: teamMemberships.userId })
			.from(teamMemberships)
			.innerJoin(users, eq(users.id, teamMemberships.userId))
			.where(and(eq(teamMemberships.teamId, input.teamId), sql`lower(${users.email}) = ${input.email}`))
			.limit(1);
		if (member) return 'already_member' as const;
		const [row] = await tx
			.insert(teamInvitations)
			.values(input)
			.onConflictDoUpdate({
				target: [teamInvitations.teamId, teamInvitations.email],
				set: { role: input.role, invitedBy: input.invitedBy, expiresAt: input.expiresAt, createdAt: sql`now()` }
			})
			.returning({ inserted: sql<boolean>`(xmax = 0)` });
		return row.inserted ? ('invited' as const) : ('renewed' as const);
	});
}

/** Invitations still waiting for an answer in one team (for its owners). */
export async function listPendingTeamInvitations(teamId: string, now = new Date()): Promise<PendingInvitation[]> {
	const db = await getDb();
	return db
		.select({
			id: teamInvitations.id,
			email: teamInvitations.email,
			role: teamInvitations.role,
			createdAt: teamInvitations.createdAt,
			expiresAt: teamInvitations.expiresAt
		})
		.from(teamInvitations)
		.where(and(eq(teamInvitations.teamId, teamId), gt(teamInvitations.expiresAt, now)))
		.orderBy(desc(teamInvitations.createdAt));
}

/** Unexpired invitations addressed to an email, with the team's name and who sent them. */
export async function listInvitationsForEmail(email: string, now = new Date()): Promise<MyInvitation[]> {
	const db = await getDb();
	return db
		.select({
			id: teamInvitations.id,
			teamId: teams.id,
			teamName: teams.name,
			teamDescription: teams.description,
			role: teamInvitations.role,
			invitedByName: users.name,
			createdAt: teamInvitations.createdAt,
			expiresAt: teamInvitations.expiresAt
		})
		.from(teamInvitations)
		.innerJoin(teams, eq(teams.id, teamInvitations.teamId))
		.leftJoin(users, eq(users.id, teamInvitations.invitedBy))
		.where(and(eq(teamInvitations.email, email.toLowerCase()), gt(teamInvitations.expiresAt, now)))
		.orderBy(asc(teamInvitations.createdAt));
}

/**
 * Accepts (adds the membership, with the invited role) or declines an unexpired invitation addressed
 * to `email`, deleting it either way. Null when there is no such invitation for that person.
 */
export async function answerTeamInvitation(
	invitationId: string,
	email: string,
	userId: string,
	accept: boolean,
	now = new Date()
): Promise<{ teamId: string; teamName: string; role: TeamRole } | null> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [inv] = await tx
			.delete(teamInvitations)
			.where(
				and(
					eq(teamInvitations.id, invitationId),
					eq(teamInvitations.email, email.toLowerCase()),
					gt(teamInvitations.expiresAt, now)
				)
			)
			.returning({ teamId: teamInvitations.teamId, role: teamInvitations.role });
		if (!inv) return null;
		const [team] = await tx.select({ name: teams.name }).from(teams).where(eq(teams.id, inv.teamId));
		if (accept) {
			await tx.insert(teamMemberships).values({ teamId: inv.teamId, userId, role: inv.role }).onConflictDoNothing();
		}
		return { teamId: inv.teamId, teamName: team?.name ?? '', role: inv.role };
	});
}

/** Withdraws a waiting invitation (owners); false when there was none in that team. */
export async function deleteTeamInvitation(teamId: string, invitationId: string): Promise<{ email: string } | null> {
	const db = await getDb();
	const [row] = await db
		.delete(teamInvitations)
		.where(and(eq(teamInvitations.id, invitationId), eq(teamInvitations.teamId, teamId)))
		.returning({ email: teamInvitations.email });
	return row ?? null;
}
