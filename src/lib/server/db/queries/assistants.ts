import { and, desc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { AssistantDefinition } from '$lib/schemas/assistant';
import type { TeamRole } from '../schema/teams';
import { getDb } from '..';
import {
	assistants,
	assistantVersions,
	chats,
	messageFeedback,
	messages,
	teamMemberships,
	teams,
	users,
	type Assistant
} from '../schema';

export type AssistantRow = Assistant & {
	ownerName: string | null;
	teamName: string | null;
	ratingUp: number;
	ratingDown: number;
};

const ratingUp = sql<number>`(select count(*)::int from ${messageFeedback} f join ${messages} m on m.id = f.message_id join ${chats} c on c.id = m.chat_id where c.assistant_id = ${assistants.id} and f.rating = 'up')`;
const ratingDown = sql<number>`(select count(*)::int from ${messageFeedback} f join ${messages} m on m.id = f.message_id join ${chats} c on c.id = m.chat_id where c.assistant_id = ${assistants.id} and f.rating = 'down')`;

function selectAssistants() {
	return {
		a: assistants,
		ownerName: users.name,
		teamName: teams.name,
		ratingUp,
		ratingDown
	};
}

type Joined = { a: Assistant; ownerName: string | null; teamName: string | null; ratingUp: number; ratingDown: number };
const flatten = (r: Joined): AssistantRow => ({
	...r.a,
	ownerName: r.ownerName,
	teamName: r.teamName,
	ratingUp: Number(r.ratingUp),
	ratingDown: Number(r.ratingDown)
});

/**
 * Candidates a person might see: their own, their teams', and everything shared beyond one person.
 * The policy in authz/assistant-policy.ts makes the final decision for each row.
 */
export async function listCandidateAssistants(
	userId: string,
	teamIds: string[],
	admin: boolean
): Promise<AssistantRow[]> {
	const db = await getDb();
	const rows = await db
		.select(selectAssistants())
		.from(assistants)
		.leftJoin(users, eq(users.id, assistants.ownerId))
		.leftJoin(teams, eq(teams.id, assistants.teamId))
		.where(
			or(
				eq(assistants.ownerId, userId),
				teamIds.length ? inArray(assistants.teamId, teamIds) : sql`false`,
				eq(assistants.visibility, 'organisation'),
				admin ? and(eq(assistants.visibility, 'team'), isNotNull(assistants.teamId)) : sql`false`
			)
		)
		.orderBy(desc(assistants.featured), desc(assistants.usageCount), assistants.name);
	return rows.map(flatten);
}

export async function findAssistant(id: string): Promise<AssistantRow | undefined> {
	const db = await getDb();
	const [row] = await db
		.select(selectAssistants())
		.from(assistants)
		.leftJoin(users, eq(users.id, assistants.ownerId))
		.leftJoin(teams, eq(teams.id, assistants.teamId))
		.where(eq(assistants.id, id))
		.limit(1);
	return row ? flatten(row) : undefined;
}

/** The teams a person belongs to, with their role in each. */
export async function listTeamRolesForUser(userId: string): Promise<{ id: string; name: string; role: TeamRole }[]> {
	const db = await getDb();
	return db
		.select({ id: teams.id, name: teams.name, role: teamMemberships.role })
		.from(teamMemberships)
		.innerJoin(teams, eq(teams.id, teamMemberships.teamId))
		.where(eq(teamMemberships.userId, userId))
		.orderBy(sql`lower(${teams.name})`);
}

/** Only what the sharing policy needs (for checks on every turn, without the directory's rating counts). */
export async function findAssistantSharing(id: string) {
	const db = await getDb();
	const [row] = await db
		.select({
			ownerId: assistants.ownerId,
			teamId: assistants.teamId,
			visibility: assistants.visibility,
			status: assistants.status,
			approval: assistants.approval,
			liveVersion: assistants.liveVersion,
			builtinKey: assistants.builtinKey
		})
		.from(assistants)
		.where(eq(assistants.id, id))
		.limit(1);
	return row;
}

type Sharing = {
	visibility: 'private' | 'team' | 'organisation';
	teamId: string | null;
	status: 'draft' | 'published';
	approval: 'none' | 'pending' | 'approved' | 'declined';
	approvalReason?: string | null;
	approvedBy?: string | null;
	liveVersion?: number | null;
};

/**
 * The live version after a save of `version` with this sharing: an approved save is what everyone uses;
 * an assistant no longer shared with the organisation, or taken back to draft, has none (publishing it
 * again then needs an approval, as an administrator's unpublishing does); otherwise (a version waiting
 * for approval) the last approved one stays live, so `undefined` leaves the column as it is.
 */
function liveVersionAfter(sharing: Sharing, version: number): number | null | undefined {
	if (sharing.visibility !== 'organisation' || sharing.status !== 'published') return null;
	return sharing.approval === 'approved' ? version : undefined;
}

/** Creates an assistant and its version 1 in one transaction. */
export async function insertAssistant(input: {
	definition: AssistantDefinition;
	sharing: Sharing;
	ownerId: string | null;
	changeNote: string;
	createdBy: string | null;
	builtin?: { key: string; version: string; featured: boolean };
}): Promise<string> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(assistants)
			.values({
				...definitionColumns(input.definition),
				...input.sharing,
				liveVersion: liveVersionAfter(input.sharing, 1) ?? null,
				ownerId: input.ownerId,
				version: 1,
				builtinKey: input.builtin?.key ?? null,
				builtinVersion: input.builtin?.version ?? null,
				featured: input.builtin?.featured ?? false
			})
			.returning({ id: assistants.id });
		await tx.insert(assistantVersions).values({
			assistantId: row.id,
			version: 1,
			definition: input.definition,
			changeNote: input.changeNote,
			createdBy: input.createdBy
		});
		return row.id;
	});
}

function definitionColumns(d: AssistantDefinition) {
	return {
		name: d.name,
		description: d.description,
		category: d.category,
		icon: d.icon,
		colour: d.colour,
		instructions: d.instructions,
		intake: d.intake,
		collections: d.collections,
		starters: d.starters,
		outputTemplate: d.outputTemplate,
		defaultModel: d.defaultModel ?? null,
		temperature: d.temperature ?? null
	};
}

/**
 * Saves a new version: the definition and sharing change together, and the version number only moves
 * if nobody saved in between (`expectedVersion`), so two editors cannot silently overwrite each other.
 */
export async function saveAssistantVersion(input: {
	id: string;
	expectedVersion: number;
	definition: AssistantDefinition;
	sharing: Sharing;
	changeNote: string;
	createdBy: string | null;
	builtinVersion?: string;
}): Promise<number | undefined> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const next = input.expectedVersion + 1;
		const [row] = await tx
			.update(assistants)
			.set({
				...definitionColumns(input.definition),
				...input.sharing,
				liveVersion: liveVersionAfter(input.sharing, next),
				version: next,
				...(input.builtinVersion ? { builtinVersion: input.builtinVersion } : {}),
				updatedAt: sql`now()`
			})
			.where(and(eq(assistants.id, input.id), eq(assistants.version, input.expectedVersion)))
			.returning({ version: assistants.version });
		if (!row) return undefined;
		await tx.insert(assistantVersions).values({
			assistantId: input.id,
			version: next,
			definition: input.definition,
			changeNote: input.changeNote,
			createdBy: input.createdBy
		});
		return next;
	});
}

/** Sharing changes that are not new versions of the content (unpublishing). */
export async function updateAssistantSharing(id: string, sharing: Partial<Sharing>): Promise<void> {
	const db = await getDb();
	await db
		.update(assistants)
		.set({ ...sharing, updatedAt: sql`now()` })
		.where(eq(assistants.id, id));
}

/**
 * Records an administrator's decision on the version waiting for approval, only while that is still
 * the newest version (false when someone saved in between). Approving makes it the live version;
 * declining leaves the last approved version live.
 */
export async function decideAssistantVersion(
	id: string,
	version: number,
	decision: { approval: 'approved' | 'declined'; approvalReason: string | null; approvedBy: string | null }
): Promise<boolean> {
	const db = await getDb();
	const rows = await db
		.update(assistants)
		.set({
			...decision,
			...(decision.approval === 'approved' ? { liveVersion: version } : {}),
			updatedAt: sql`now()`
		})
		.where(
			and(
				eq(assistants.id, id),
				eq(assistants.version, version),
				eq(assistants.approval, 'pending'),
				eq(assistants.visibility, 'organisation')
			)
		)
		.returning({ id: assistants.id });
	return rows.length > 0;
}

/** The definitions of the given versions, keyed `${assistantId}:${version}` (one query for a listing). */
export async function findAssistantVersionsAt(
	pairs: { id: string; version: number }[]
): Promise<Map<string, AssistantDefinition>> {
	if (!pairs.length) return new Map();
	const db = await getDb();
	const rows = await db
		.select({
			id: assistantVersions.assistantId,
			version: assistantVersions.version,
			definition: assistantVersions.definition
		})
		.from(assistantVersions)
		.where(
			or(...pairs.map((p) => and(eq(assistantVersions.assistantId, p.id), eq(assistantVersions.version, p.version))))
		);
	return new Map(rows.map((r) => [`${r.id}:${r.version}`, r.definition]));
}

export async function deleteAssistantRow(id: string): Promise<boolean> {
	const db = await getDb();
	const rows = await db.delete(assistants).where(eq(assistants.id, id)).returning({ id: assistants.id });
	return rows.length > 0;
}

export async function listAssistantVersions(id: string) {
	const db = await getDb();
	return db
		.select({
			version: assistantVersions.version,
			changeNote: assistantVersions.changeNote,
			createdAt: assistantVersions.createdAt,
			createdByName: users.name,
			definition: assistantVersions.definition
		})
		.from(assistantVersions)
		.leftJoin(users, eq(users.id, assistantVersions.createdBy))
		.where(eq(assistantVersions.assistantId, id))
		.orderBy(desc(assistantVersions.version));
}

export async function findAssistantVersion(id: string, version: number): Promise<AssistantDefinition | undefined> {
	const db = await getDb();
	const [row] = await db
		.select({ definition: assistantVersions.definition })
		.from(assistantVersions)
		.where(and(eq(assistantVersions.assistantId, id), eq(assistantVersions.version, version)))
		.limit(1);
	return row?.definition;
}

export async function listPendingAssistants(): Promise<AssistantRow[]> {
	const db = await getDb();
	const rows = await db
		.select(selectAssistants())
		.from(assistants)
		.leftJoin(users, eq(users.id, assistants.ownerId))
		.leftJoin(teams, eq(teams.id, assistants.teamId))
		.where(eq(assistants.approval, 'pending'))
		.orderBy(assistants.updatedAt);
	return rows.map(flatten);
}

export async function incrementAssistantUsage(id: string): Promise<void> {
	const db = await getDb();
	await db
		.update(assistants)
		.set({ usageCount: sql`${assistants.usageCount} + 1` })
		.where(eq(assistants.id, id));
}

/** Features an assistant in the directory (or stops featuring it); returns whether it was featured before, or undefined when there is no such assistant. */
export async function setAssistantFeatured(id: string, featured: boolean): Promise<boolean | undefined> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [before] = await tx
			.select({ featured: assistants.featured })
			.from(assistants)
			.where(eq(assistants.id, id))
			.for('update');
		if (!before) return undefined;
		if (before.featured !== featured) await tx.update(assistants).set({ featured }).where(eq(assistants.id, id));
		return before.featured;
	});
}
