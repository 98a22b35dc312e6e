/** Built-in assistants: rows owned by the organisation, kept in step with the files in prompts/assistants/. */
import { and, eq, isNotNull, isNull, like, sql } from 'drizzle-orm';
import type { AssistantDefinition } from '../../../schemas/assistant';
import { getDb } from '..';
import { assistants, assistantVersions, type Assistant } from '../schema';

export type BuiltinRecord = {
	key: string;
	version: string;
	featured: boolean;
	definition: AssistantDefinition;
	changeNote: string;
};

/** The columns a definition sets (everything a version restores). */
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

/** Organisation-owned, shared with everyone and approved: how a built-in always stands after a load. */
const builtinState = {
	ownerId: null,
	teamId: null,
	visibility: 'organisation',
	status: 'published',
	approval: 'approved',
	approvalReason: null
} as const;

export async function findBuiltinAssistant(key: string): Promise<Assistant | undefined> {
	const db = await getDb();
	const [row] = await db.select().from(assistants).where(eq(assistants.builtinKey, key)).limit(1);
	return row;
}

export async function listBuiltinAssistants(): Promise<Assistant[]> {
	const db = await getDb();
	return db.select().from(assistants).where(isNotNull(assistants.builtinKey)).orderBy(assistants.builtinKey);
}

/**
 * The newest version of a built-in that its shipped file wrote (no author, and a change note naming the
 * file), or null when none is recorded. An administrator's edit, or a rollback to a shipped version,
 * makes a newer version of their own, which this is not.
 */
export async function shippedBuiltinVersion(assistantId: string, dir: string): Promise<number | null> {
	const db = await getDb();
	const [row] = await db
		.select({ version: sql<number | null>`max(${assistantVersions.version})` })
		.from(assistantVersions)
		.where(
			and(
				eq(assistantVersions.assistantId, assistantId),
				// Written by the loader: no author, and the note naming the file (an administrator's version
				// has an author unless their account was deleted; their note could say anything).
				isNull(assistantVersions.createdBy),
				like(assistantVersions.changeNote, `Updated from ${dir.replace(/[\\%_]/g, '\\$&')}/%`)
			)
		);
	return row?.version === null || row?.version === undefined ? null : Number(row.version);
}

/**
 * Adds a built-in and its first version row, together or not at all. Returns its id, or null when
 * another process added the same key first (both start-up paths may run at once).
 */
export async function insertBuiltinAssistant(record: BuiltinRecord): Promise<string | null> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(assistants)
			.values({
				...definitionColumns(record.definition),
				...builtinState,
				builtinKey: record.key,
				builtinVersion: record.version,
				featured: record.featured,
				version: 1,
				liveVersion: 1
			})
			.onConflictDoNothing({ target: assistants.builtinKey })
			.returning({ id: assistants.id });
		if (!row) return null;
		await tx.insert(assistantVersions).values({
			assistantId: row.id,
			version: 1,
			definition: record.definition,
			changeNote: record.changeNote,
			createdBy: null
		});
		return row.id;
	});
}

/**
 * Replaces a built-in's definition with the file's and records it as the next version. Only applies
 * while the row still has `expectedVersion`, so two loaders never write the same version twice: null
 * then. Otherwise says which administrator's version, waiting for approval or declined, the shipped one
 * replaced (it stays in the version history), if any.
 */
export async function updateBuiltinAssistant(
	id: string,
	expectedVersion: number,
	record: BuiltinRecord
): Promise<{ superseded: number | null } | null> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [current] = await tx
			.select({ version: assistants.version, approval: assistants.approval })
			.from(assistants)
			.where(eq(assistants.id, id))
			.for('update');
		if (!current || current.version !== expectedVersion) return null;
		const superseded = current.approval === 'pending' || current.approval === 'declined' ? current.version : null;
		const version = expectedVersion + 1;
		await tx
			.update(assistants)
			.set({
				...definitionColumns(record.definition),
				...builtinState,
				builtinVersion: record.version,
				featured: record.featured,
				version,
				liveVersion: version,
				updatedAt: new Date()
			})
			.where(eq(assistants.id, id));
		await tx.insert(assistantVersions).values({
			assistantId: id,
			version,
			definition: record.definition,
			changeNote: record.changeNote,
			createdBy: null
		});
		return { superseded };
	});
}
