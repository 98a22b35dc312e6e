/** The prompt library: saved prompts, personal, for a team or for the whole organisation. */
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { getDb } from '..';
import { promptLibrarySeeds, savedPrompts, teams, users, type SavedPrompt } from '../schema';
import { isUuid } from './chats';

/** `seedKey`: the shipped example (prompts/library/examples.yaml) the prompt began as, if any. */
export type SavedPromptRow = SavedPrompt & {
	ownerName: string | null;
	teamName: string | null;
	seedKey: string | null;
};

export type SavedPromptFields = {
	title: string;
	body: string;
	visibility: 'private' | 'team' | 'organisation';
	teamId: string | null;
};

// A subquery rather than a join: prompt_library_seeds.prompt_id is not unique, so a join could repeat a prompt.
const seedKey = sql<string | null>`(select ${promptLibrarySeeds.key} from ${promptLibrarySeeds}
	where ${promptLibrarySeeds.promptId} = ${savedPrompts.id} order by ${promptLibrarySeeds.key} limit 1)`;

const joined = { p: savedPrompts, ownerName: users.name, teamName: teams.name, seedKey };

type Joined = { p: SavedPrompt; ownerName: string | null; teamName: string | null; seedKey: string | null };

function flatten(r: Joined): SavedPromptRow {
	return { ...r.p, ownerName: r.ownerName, teamName: r.teamName, seedKey: r.seedKey };
}

/**
 * Prompts someone might see: their own private ones, their teams' and the organisation's. The
 * service's policy makes the final decision for each row.
 */
export async function listSavedPromptCandidates(userId: string, teamIds: string[]): Promise<SavedPromptRow[]> {
	const db = await getDb();
	const rows = await db
		.select(joined)
		.from(savedPrompts)
		.leftJoin(users, eq(users.id, savedPrompts.ownerId))
		.leftJoin(teams, eq(teams.id, savedPrompts.teamId))
		.where(
			or(
				and(eq(savedPrompts.visibility, 'private'), eq(savedPrompts.ownerId, userId)),
				teamIds.length ? and(eq(savedPrompts.visibility, 'team'), inArray(savedPrompts.teamId, teamIds)) : sql`false`,
				eq(savedPrompts.visibility, 'organisation')
			)
		)
		.orderBy(asc(sql`lower(${savedPrompts.title})`), asc(savedPrompts.createdAt));
	return rows.map(flatten);
}

export async function findSavedPrompt(id: string): Promise<SavedPromptRow | undefined> {
	if (!isUuid(id)) return undefined;
	const db = await getDb();
	const [row] = await db
		.select(joined)
		.from(savedPrompts)
		.leftJoin(users, eq(users.id, savedPrompts.ownerId))
		.leftJoin(teams, eq(teams.id, savedPrompts.teamId))
		.where(eq(savedPrompts.id, id))
		.limit(1);
	return row ? flatten(row) : undefined;
}

export async function insertSavedPrompt(ownerId: string, fields: SavedPromptFields): Promise<SavedPrompt> {
	const db = await getDb();
	const [row] = await db
		.insert(savedPrompts)
		.values({ ...fields, teamId: fields.visibility === 'team' ? fields.teamId : null, ownerId })
		.returning();
	return row;
}

export async function updateSavedPrompt(id: string, fields: SavedPromptFields): Promise<SavedPrompt | undefined> {
	const db = await getDb();
	const [row] = await db
		.update(savedPrompts)
		.set({ ...fields, teamId: fields.visibility === 'team' ? fields.teamId : null, updatedAt: new Date() })
		.where(eq(savedPrompts.id, id))
		.returning();
	return row;
}

export async function deleteSavedPrompt(id: string): Promise<boolean> {
	const db = await getDb();
	const rows = await db.delete(savedPrompts).where(eq(savedPrompts.id, id)).returning({ id: savedPrompts.id });
	return rows.length > 0;
}
