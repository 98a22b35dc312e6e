import { and, asc, count, eq, sql } from 'drizzle-orm';
import { getDb } from '..';
import { teamMemberships, teams, users, type Team, type TeamRole } from '../schema';

export type TeamSummary = {
	id: string;
	name: string;
	description: string;
	createdAt: Date;
	memberCount: number;
};

export type MyTeam = TeamSummary & { role: TeamRole };

export type TeamMember = {
	userId: string;
	name: string;
	email: string;
	role: TeamRole;
	joinedAt: Date;
};

/** Why a membership change was refused, so the service can say so in words. */
export type MembershipChange = 'ok' | 'not_member' | 'last_owner';

function isUniqueViolation(e: unknown): boolean {
	const err = e as { code?: string; cause?: { code?: string } };
	return err?.code === '23505' || err?.cause?.code === '23505';
}

// Written out in full: drizzle leaves column names unqualified inside sql``, which is ambiguous in subqueries.
const memberCount = sql<number>`(select count(*)::int from team_memberships tm where tm.team_id = teams.id)`;
const ownerNames = sql<string[] | null>`(select array_agg(u.name order by u.name)
	from team_memberships tm join users u on u.id = tm.user_id
	where tm.team_id = teams.id and tm.role = 'owner')`;

/** Creates a team and makes `ownerId` its first owner, together or not at all. */
export async function createTeamWithOwner(input: {
	name: string;
	description: string;
	ownerId: string;
}): Promise<Team> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [team] = await tx
			.insert(teams)
			.values({ name: input.name, description: input.description, createdBy: input.ownerId })
			.returning();
		await tx.insert(teamMemberships).values({ teamId: team.id, userId: input.ownerId, role: 'owner' });
		return team;
	});
}

export async function findTeamById(id: string): Promise<Team | undefined> {
	const db = await getDb();
	const [row] = await db.select().from(teams).where(eq(teams.id, id)).limit(1);
	return row;
}

/** The teams someone belongs to, with their role, by name. */
export async function listTeamsForUser(userId: string): Promise<MyTeam[]> {
	const db = await getDb();
	return db
		.select({
			id: teams.id,
			name: teams.name,
			description: teams.description,
			createdAt: teams.createdAt,
			memberCount,
			role: teamMemberships.role
		})
		.from(teamMemberships)
		.innerJoin(teams, eq(teams.id, teamMemberships.teamId))
		.where(eq(teamMemberships.userId, userId))
		.orderBy(asc(sql`lower(${teams.name})`), asc(teams.createdAt));
}

/** Every team in the organisation (admin screens). */
export async function listAllTeams(): Promise<(TeamSummary & { ownerNames: string[] })[]> {
	const db = await getDb();
	const rows = await db
		.select({
			id: teams.id,
			name: teams.name,
			description: teams.description,
			createdAt: teams.createdAt,
			memberCount,
			ownerNames
		})
		.from(teams)
		.orderBy(asc(sql`lower(${teams.name})`), asc(teams.createdAt));
	return rows.map((r) => ({ ...r, ownerNames: r.ownerNames ?? [] }));
}

export async function countTeams(): Promise<number> {
	const db = await getDb();
	const [row] = await db.select({ n: count() }).from(teams);
	return row.n;
}

/** Members of a team: owners first, then editors, then members, each by name. */
export async function listTeamMembers(teamId: string): Promise<TeamMember[]> {
	const db = await getDb();
	return db
		.select({
			userId: users.id,
			name: users.name,
			email: users.email,
			role: teamMemberships.role,
			joinedAt: teamMemberships.createdAt
		})
		.from(teamMemberships)
		.innerJoin(users, eq(users.id, teamMemberships.userId))
		.where(eq(teamMemberships.teamId, teamId))
		.orderBy(
			asc(sql`case ${teamMemberships.role} when 'owner' then 0 when 'editor' then 1 else 2 end`),
			asc(sql`lower(${users.name})`)
		);
}

export async function findTeamRole(teamId: string, userId: string): Promise<TeamRole | null> {
	const db = await getDb();
	const [row] = await db
		.select({ role: teamMemberships.role })
		.from(teamMemberships)
		.where(and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.userId, userId)))
		.limit(1);
	return row?.role ?? null;
}

/** Adds a member; false when they already belong to the team. */
export async function addTeamMember(teamId: string, userId: string, role: TeamRole): Promise<boolean> {
	const db = await getDb();
	try {
		const rows = await db
			.insert(teamMemberships)
			.values({ teamId, userId, role })
			.onConflictDoNothing()
			.returning({ userId: teamMemberships.userId });
		return rows.length === 1;
	} catch (e) {
		if (isUniqueViolation(e)) return false;
		throw e;
	}
}

/**
 * Changes a membership (a new role, or `null` to remove it) unless that would leave the team without
 * an owner. The team row is locked so two owners demoting each other at once cannot both succeed.
 */
export async function changeTeamMembership(
	teamId: string,
	userId: string,
	role: TeamRole | null
): Promise<{ result: MembershipChange; before: TeamRole | null }> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).for('update');
		const where = and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.userId, userId));
		const [current] = await tx.select({ role: teamMemberships.role }).from(teamMemberships).where(where);
		if (!current) return { result: 'not_member' as const, before: null };
		if (current.role === 'owner' && role !== 'owner') {
			const [{ owners }] = await tx
				.select({ owners: count() })
				.from(teamMemberships)
				.where(and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.role, 'owner')));
			if (owners <= 1) return { result: 'last_owner' as const, before: current.role };
		}
		if (role === null) await tx.delete(teamMemberships).where(where);
		else await tx.update(teamMemberships).set({ role }).where(where);
		return { result: 'ok' as const, before: current.role };
	});
}

/** The ids of a team's members (for filtering people by team). */
export async function listTeamMemberIds(teamId: string): Promise<string[]> {
	const db = await getDb();
	const rows = await db
		.select({ userId: teamMemberships.userId })
		.from(teamMemberships)
		.where(eq(teamMemberships.teamId, teamId));
	return rows.map((r) => r.userId);
}
