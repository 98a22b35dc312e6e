/**
 * Drafts and their versions. Every write names the version it was based on and succeeds only if
 * that is still the latest (the row is locked while it is checked), so two tabs never overwrite each
 * other and exactly one of two simultaneous saves from the same version wins.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { getDb } from '..';
import {
	chats,
	draftDecisions,
	drafts,
	draftVariants,
	draftVersions,
	messages,
	users,
	type Draft,
	type DraftStatus,
	type DraftVersionSource,
	type SocialPlatform
} from '../schema';
import { isUuid, type ChatRow, type MessageRow } from './chats';

/** An assistant answer in one of the person's own chats, with its chat; otherwise nothing. */
export async function findOwnAnswer(
	messageId: string,
	userId: string
): Promise<{ message: Pick<MessageRow, 'id' | 'content' | 'sources'>; chat: Pick<ChatRow, 'id' | 'title'> } | null> {
	if (!isUuid(messageId)) return null;
	const db = await getDb();
	const [row] = await db
		.select({
			id: messages.id,
			content: messages.content,
			sources: messages.sources,
			chatId: chats.id,
			chatTitle: chats.title
		})
		.from(messages)
		.innerJoin(chats, eq(chats.id, messages.chatId))
		.where(and(eq(messages.id, messageId), eq(messages.role, 'assistant'), eq(chats.userId, userId)))
		.limit(1);
	if (!row) return null;
	return {
		message: { id: row.id, content: row.content, sources: row.sources },
		chat: { id: row.chatId, title: row.chatTitle }
	};
}

/** Creates a draft and its version 1 together. */
export async function insertDraft(input: {
	userId: string;
	title: string;
	content: string;
	chatId?: string | null;
	sourceMessageId?: string | null;
	aiAssisted: boolean;
}): Promise<Draft> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [draft] = await tx
			.insert(drafts)
			.values({
				userId: input.userId,
				title: input.title,
				content: input.content,
				chatId: input.chatId ?? null,
				sourceMessageId: input.sourceMessageId ?? null,
				aiAssisted: input.aiAssisted,
				version: 1
			})
			.returning();
		await tx.insert(draftVersions).values({
			draftId: draft.id,
			version: 1,
			title: draft.title,
			content: draft.content,
			authorId: input.userId,
			source: 'created'
		});
		return draft;
	});
}

export type SaveResult =
	| { ok: true; version: number; changed: boolean; previousStatus: DraftStatus; approvedVersion: number | null }
	| { ok: false; current: { version: number; content: string; title: string } };

/**
 * Saves a new version when `baseVersion` is still the latest: the draft row is locked, checked and
 * updated in one transaction. Unchanged title and content make no new version. An approved draft that
 * changes goes back to `draft` (the approval named an earlier version).
 */
export async function saveDraftVersion(input: {
	draftId: string;
	baseVersion: number;
	content: string;
	title?: string;
	authorId: string;
	source: DraftVersionSource;
	note?: string | null;
	aiAssisted?: boolean;
}): Promise<SaveResult> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const [row] = await tx.select().from(drafts).where(eq(drafts.id, input.draftId)).for('update');
		if (!row) throw new Error('draft vanished while saving');
		const current = { version: row.version, content: row.content, title: row.title };
		if (row.version !== input.baseVersion) return { ok: false, current };
		const title = input.title ?? row.title;
		const base = { previousStatus: row.status, approvedVersion: row.approvedVersion };
		if (title === row.title && input.content === row.content && input.source !== 'restored') {
			return { ok: true, version: row.version, changed: false, ...base };
		}
		const version = row.version + 1;
		const updated = await tx
			.update(drafts)
			.set({
				title,
				content: input.content,
				version,
				status: row.status === 'approved' ? 'draft' : row.status,
				aiAssisted: input.aiAssisted || row.aiAssisted,
				updatedAt: sql`now()`
			})
			// The version condition as well as the lock: a write can only ever land on the version it read.
			.where(and(eq(drafts.id, input.draftId), eq(drafts.version, input.baseVersion)))
			.returning({ version: drafts.version });
		if (updated.length === 0) return { ok: false, current };
		await tx.insert(draftVersions).values({
			draftId: input.draftId,
			version,
			title,
			content: input.content,
			authorId: input.authorId,
			source: input.source,
			note: input.note ?? null
		});
		return { ok: true, version, changed: true, ...base };
	});
}

export async function findOwnerName(userId: string): Promise<string> {
	const db = await getDb();
	const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId)).limit(1);
	return row?.name ?? 'A former colleague';
}

/** Every decision on the draft, newest first. */
export async function listDecisions(draftId: string) {
	const db = await getDb();
	return db
		.select()
		.from(draftDecisions)
		.where(eq(draftDecisions.draftId, draftId))
		.orderBy(desc(draftDecisions.createdAt));
}

export async function listVariants(draftId: string) {
	const db = await getDb();
	return db.select().from(draftVariants).where(eq(draftVariants.draftId, draftId)).orderBy(asc(draftVariants.platform));
}

/** Saves (or replaces) the draft's variant for one platform. */
export async function upsertVariant(input: {
	draftId: string;
	platform: SocialPlatform;
	content: string;
	basedOnVersion: number;
	aiGenerated: boolean;
	updatedBy: string;
}) {
	const db = await getDb();
	const values = { ...input, updatedAt: sql`now()` };
	const [row] = await db
		.insert(draftVariants)
		.values(values)
		.onConflictDoUpdate({
			target: [draftVariants.draftId, draftVariants.platform],
			set: {
				content: input.content,
				basedOnVersion: input.basedOnVersion,
				aiGenerated: input.aiGenerated,
				updatedBy: input.updatedBy,
				updatedAt: sql`now()`
			}
		})
		.returning();
	if (input.aiGenerated) {
		await db.update(drafts).set({ aiAssisted: true }).where(eq(drafts.id, input.draftId));
	}
	return row;
}

/** The versions, newest first, each with its author's name. */
export async function listDraftVersions(draftId: string) {
	const db = await getDb();
	return db
		.select({
			version: draftVersions.version,
			createdAt: draftVersions.createdAt,
			authorName: users.name,
			source: draftVersions.source,
			note: draftVersions.note
		})
		.from(draftVersions)
		.leftJoin(users, eq(users.id, draftVersions.authorId))
		.where(eq(draftVersions.draftId, draftId))
		.orderBy(desc(draftVersions.version));
}

export async function findDraftVersion(draftId: string, version: number) {
	const db = await getDb();
	const [row] = await db
		.select({
			version: draftVersions.version,
			title: draftVersions.title,
			content: draftVersions.content,
			createdAt: draftVersions.createdAt,
			authorName: users.name,
			source: draftVersions.source,
			note: draftVersions.note
		})
		.from(draftVersions)
		.leftJoin(users, eq(users.id, draftVersions.authorId))
		.where(and(eq(draftVersions.draftId, draftId), eq(draftVersions.version, version)))
		.limit(1);
	return row;
}
