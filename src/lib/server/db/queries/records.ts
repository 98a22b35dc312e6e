/**
 * Reads for records management: a chat with everything a record needs (owner, assistant and version,
 * brief, every message, feedback) and everything one person has stored, for "download all my data".
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '..';
import {
	acceptableUseAcceptances,
	assistants,
	assistantVersions,
	chats,
	messageFeedback,
	messages,
	savedPrompts,
	teamMemberships,
	teams,
	users
} from '../schema';
import { isUuid } from './chats';

const recordChatColumns = {
	id: chats.id,
	userId: chats.userId,
	title: chats.title,
	useGuidance: chats.useGuidance,
	assistantId: chats.assistantId,
	assistantVersion: chats.assistantVersion,
	brief: chats.brief,
	createdAt: chats.createdAt,
	updatedAt: chats.updatedAt
};

const recordMessageColumns = {
	id: messages.id,
	chatId: messages.chatId,
	role: messages.role,
	parentId: messages.parentId,
	content: messages.content,
	status: messages.status,
	errorMessage: messages.errorMessage,
	model: messages.model,
	promptVersions: messages.promptVersions,
	sources: messages.sources,
	promptTokens: messages.promptTokens,
	completionTokens: messages.completionTokens,
	createdAt: messages.createdAt,
	updatedAt: messages.updatedAt
};

const feedbackColumns = {
	messageId: messageFeedback.messageId,
	rating: messageFeedback.rating,
	reason: messageFeedback.reason,
	comment: messageFeedback.comment,
	createdAt: messageFeedback.createdAt,
	updatedAt: messageFeedback.updatedAt
};

export type RecordChatRow = Awaited<ReturnType<typeof findChatsForRecord>>[number];
export type RecordMessageRow = Awaited<ReturnType<typeof listMessagesForRecord>>[number];
export type RecordFeedbackRow = Awaited<ReturnType<typeof listFeedbackForRecord>>[number];

async function findChatsForRecord(userId: string, chatId?: string) {
	const db = await getDb();
	return db
		.select({
			...recordChatColumns,
			ownerName: users.name,
			ownerEmail: users.email,
			assistantName: assistants.name,
			/** The assistant's name as it was in the version the chat used, when that version is kept. */
			versionName: sql<string | null>`${assistantVersions.definition} ->> 'name'`
		})
		.from(chats)
		.innerJoin(users, eq(users.id, chats.userId))
		.leftJoin(assistants, eq(assistants.id, chats.assistantId))
		.leftJoin(
			assistantVersions,
			and(eq(assistantVersions.assistantId, chats.assistantId), eq(assistantVersions.version, chats.assistantVersion))
		)
		.where(chatId ? and(eq(chats.userId, userId), eq(chats.id, chatId)) : eq(chats.userId, userId))
		.orderBy(desc(chats.updatedAt), desc(chats.id));
}

/** One of this person's chats with its owner and assistant; nothing when missing or someone else's. */
export async function findChatForRecord(chatId: string, userId: string): Promise<RecordChatRow | undefined> {
	if (!isUuid(chatId)) return undefined;
	const [row] = await findChatsForRecord(userId, chatId);
	return row;
}

/** All of this person's chats, most recently active first. */
export async function listChatsForRecord(userId: string): Promise<RecordChatRow[]> {
	return findChatsForRecord(userId);
}

/** Every message of these chats (all branches), oldest first. */
export async function listMessagesForRecord(chatIds: string[]) {
	if (!chatIds.length) return [];
	const db = await getDb();
	return db
		.select(recordMessageColumns)
		.from(messages)
		.where(inArray(messages.chatId, chatIds))
		.orderBy(asc(messages.createdAt), sql`case ${messages.role} when 'user' then 0 else 1 end`, asc(messages.id));
}

/** Feedback on the messages of these chats, with who gave it. */
export async function listFeedbackForRecord(chatIds: string[]) {
	if (!chatIds.length) return [];
	const db = await getDb();
	return db
		.select({ ...feedbackColumns, userId: messageFeedback.userId, chatId: messages.chatId })
		.from(messageFeedback)
		.innerJoin(messages, eq(messages.id, messageFeedback.messageId))
		.where(inArray(messages.chatId, chatIds))
		.orderBy(asc(messageFeedback.createdAt));
}

/** Everything else one person has stored: profile, teams, feedback, saved prompts, assistants, acceptances. */
export async function collectUserData(userId: string) {
	const db = await getDb();
	const [profile] = await db
		.select({ id: users.id, name: users.name, email: users.email, role: users.role, createdAt: users.createdAt })
		.from(users)
		.where(eq(users.id, userId));
	const [teamRows, feedback, prompts, ownedAssistants, acceptances] = await Promise.all([
		db
			.select({ id: teams.id, name: teams.name, role: teamMemberships.role, joinedAt: teamMemberships.createdAt })
			.from(teamMemberships)
			.innerJoin(teams, eq(teams.id, teamMemberships.teamId))
			.where(eq(teamMemberships.userId, userId))
			.orderBy(asc(teams.name)),
		db
			.select({ ...feedbackColumns, chatId: messages.chatId })
			.from(messageFeedback)
			.innerJoin(messages, eq(messages.id, messageFeedback.messageId))
			.where(eq(messageFeedback.userId, userId))
			.orderBy(asc(messageFeedback.createdAt)),
		db
			.select({
				id: savedPrompts.id,
				title: savedPrompts.title,
				body: savedPrompts.body,
				visibility: savedPrompts.visibility,
				teamId: savedPrompts.teamId,
				createdAt: savedPrompts.createdAt,
				updatedAt: savedPrompts.updatedAt
			})
			.from(savedPrompts)
			.where(eq(savedPrompts.ownerId, userId))
			.orderBy(asc(savedPrompts.createdAt)),
		db
			.select({
				id: assistants.id,
				name: assistants.name,
				description: assistants.description,
				category: assistants.category,
				instructions: assistants.instructions,
				intake: assistants.intake,
				starters: assistants.starters,
				outputTemplate: assistants.outputTemplate,
				visibility: assistants.visibility,
				status: assistants.status,
				version: assistants.version,
				createdAt: assistants.createdAt,
				updatedAt: assistants.updatedAt
			})
			.from(assistants)
			.where(eq(assistants.ownerId, userId))
			.orderBy(asc(assistants.createdAt)),
		db
			.select({ version: acceptableUseAcceptances.version, acceptedAt: acceptableUseAcceptances.acceptedAt })
			.from(acceptableUseAcceptances)
			.where(eq(acceptableUseAcceptances.userId, userId))
			.orderBy(asc(acceptableUseAcceptances.version))
	]);
	return { profile, teams: teamRows, feedback, savedPrompts: prompts, assistants: ownedAssistants, acceptances };
}

/** The teams a person belongs to, for the account page. */
export async function listTeamsForUser(userId: string): Promise<{ id: string; name: string; role: string }[]> {
	const db = await getDb();
	return db
		.select({ id: teams.id, name: teams.name, role: teamMemberships.role })
		.from(teamMemberships)
		.innerJoin(teams, eq(teams.id, teamMemberships.teamId))
		.where(eq(teamMemberships.userId, userId))
		.orderBy(asc(teams.name));
}
