/** Team memberships that single sign-on groups decide. */
import { and, asc, eq, sql } from 'drizzle-orm';
import { getDb } from '..';
import { teamMemberships, teams } from '../schema';

/** The oldest team with this name (case-insensitive), created when there is none. */
export async function findOrCreateTeamByName(name: string): Promise<{ id: string; name: string; created: boolean }> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		// Serialises two first sign-ins that would otherwise both create the team.
		await tx.execute(sql`select pg_advisory_xact_lock(7461002, hashtext(lower(${name})))`);
		const [existing] = await tx
			.select({ id: teams.id, name: teams.name })
			.from(teams)
			.where(eq(sql`lower(${teams.name})`, name.toLowerCase()))
			.orderBy(asc(teams.createdAt))
			.limit(1);
		if (existing) return { ...existing, created: false };
		const [team] = await tx
			.insert(teams)
			.values({ name, description: 'Members come from a single sign-on group.' })
			.returning({ id: teams.id, name: teams.name });
		return { ...team, created: true };
	});
}

/** Existing team by name, or undefined. */
export async function findTeamByName(name: string): Promise<{ id: string; name: string } | undefined> {
	const db = await getDb();
	const [row] = await db
		.select({ id: teams.id, name: teams.name })
		.from(teams)
		.where(eq(sql`lower(${teams.name})`, name.toLowerCase()))
		.orderBy(asc(teams.createdAt))
		.limit(1);
	return row;
}

/** Removes a plain membership; owners and editors placed by hand are left alone. True when removed. */
export async function removeGroupMembership(teamId: string, userId: string): Promise<boolean> {
	const db = await getDb();
	const rows = await db
		.delete(teamMemberships)
		.where(
			and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.userId, userId), eq(teamMemberships.role, 'member'))
		)
		.returning({ userId: teamMemberships.userId });
	return rows.length === 1;
}
