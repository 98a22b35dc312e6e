import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { ChatBrief } from '$lib/schemas/assistant';
import type { PromptVersion, StoredSource } from '$lib/schemas/chat';
import { getDb } from '..';
import { attachments, chats, messages, type Chat, type Message } from '../schema';
import { prepared } from '../prepared';
import { rowsOf } from './rows';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids arrive from URLs: anything that is not a uuid cannot name a row (and would make Postgres raise). */
export function isUuid(value: string): boolean {
	return UUID.test(value);
}

export type ChatRow = Omit<Chat, 'tsv'>;
export type MessageRow = Omit<Message, 'tsv'>;

const chatColumns = {
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

const messageColumns = {
	id: messages.id,
	chatId: messages.chatId,
	role: messages.role,
	content: messages.content,
	status: messages.status,
	errorMessage: messages.errorMessage,
	model: messages.model,
	promptVersions: messages.promptVersions,
	sources: messages.sources,
	parentId: messages.parentId,
	promptTokens: messages.promptTokens,
	completionTokens: messages.completionTokens,
	createdAt: messages.createdAt,
	updatedAt: messages.updatedAt
};

export async function insertChat(input: {
	userId: string;
	title?: string;
	assistant?: { id: string; version: number };
}): Promise<ChatRow> {
	const db = await getDb();
	const [row] = await db
		.insert(chats)
		.values({
			userId: input.userId,
			title: input.title ?? '',
			assistantId: input.assistant?.id ?? null,
			assistantVersion: input.assistant?.version ?? null
		})
		.returning(chatColumns);
	return row;
}

/** Stores the chat's brief (intake questions, what is known and the answers); `null` clears it. */
export async function setChatBrief(id: string, brief: ChatBrief | null): Promise<void> {
	const db = await getDb();
	await db
		.update(chats)
		.set({ brief, updatedAt: sql`now()` })
		.where(eq(chats.id, id));
}

/** A chat if it exists and belongs to this person; otherwise nothing (callers answer 404 either way). */
export async function findChatForUser(id: string, userId: string): Promise<ChatRow | undefined> {
	if (!isUuid(id)) return undefined;
	const db = await getDb();
	const statement = prepared(db, 'find_chat_for_user', (d) =>
		d
			.select(chatColumns)
			.from(chats)
			.where(and(eq(chats.id, sql.placeholder('id')), eq(chats.userId, sql.placeholder('userId'))))
			.limit(1)
			.prepare('find_chat_for_user')
	);
	const [row] = await statement.execute({ id, userId });
	return row;
}

/** This person's chats, most recently active first; `query` matches titles and message text (Postgres full text). */
/**
 * A person's chats, newest first; `query` searches titles and message text. With `hideEmptyExcept`, chats
 * with no title, no message and no attached file are left out (a chat opened and abandoned is not worth
 * a place in the sidebar), except the one given, which is open.
 */
export async function listChatsForUser(
	userId: string,
	query?: string,
	limit = 100,
	options: { hideEmptyExcept?: string | null } = {}
): Promise<ChatRow[]> {
	const db = await getDb();
	const q = query?.trim();
	const match = q
		? sql`(${chats.tsv} @@ websearch_to_tsquery('english', ${q}) or exists (
				select 1 from ${messages} m where m.chat_id = ${chats.id} and m.tsv @@ websearch_to_tsquery('english', ${q})
			))`
		: undefined;
	const keep = options.hideEmptyExcept;
	const notEmpty =
		keep === undefined
			? undefined
			: sql`(coalesce(${chats.title}, '') <> ''
				or exists (select 1 from ${messages} m where m.chat_id = ${chats.id})
				or exists (select 1 from ${attachments} f where f.chat_id = ${chats.id})
				${keep && isUuid(keep) ? sql`or ${chats.id} = ${keep}` : sql``})`;
	return db
		.select(chatColumns)
		.from(chats)
		.where(and(eq(chats.userId, userId), match, notEmpty))
		.orderBy(desc(chats.updatedAt), desc(chats.id))
		.limit(limit);
}

export async function renameChat(id: string, userId: string, title: string): Promise<ChatRow | undefined> {
	if (!isUuid(id)) return undefined;
	const db = await getDb();
	const [row] = await db
		.update(chats)
		.set({ title, updatedAt: new Date() })
		.where(and(eq(chats.id, id), eq(chats.userId, userId)))
		.returning(chatColumns);
	return row;
}

/** Sets the title only while the chat has none, so a name the person chose is never overwritten. */
export async function setChatTitleIfEmpty(id: string, title: string): Promise<boolean> {
	const db = await getDb();
	const rows = await db
		.update(chats)
		.set({ title })
		.where(and(eq(chats.id, id), eq(chats.title, '')))
		.returning({ id: chats.id });
	return rows.length > 0;
}

export async function setChatUseGuidance(id: string, useGuidance: boolean): Promise<void> {
	const db = await getDb();
	await db.update(chats).set({ useGuidance }).where(eq(chats.id, id));
}

export async function touchChat(id: string): Promise<void> {
	const db = await getDb();
	await db.update(chats).set({ updatedAt: new Date() }).where(eq(chats.id, id));
}

/** Deletes a chat and (by cascade) its messages. False when it is missing or someone else's. */
export async function deleteChat(id: string, userId: string): Promise<boolean> {
	if (!isUuid(id)) return false;
	const db = await getDb();
	const rows = await db
		.delete(chats)
		.where(and(eq(chats.id, id), eq(chats.userId, userId)))
		.returning({ id: chats.id });
	return rows.length > 0;
}

/** Messages of a chat in the order they were written (a question before its answer). */
export async function listMessages(chatId: string): Promise<MessageRow[]> {
	const db = await getDb();
	const statement = prepared(db, 'list_messages', (d) =>
		d
			.select(messageColumns)
			.from(messages)
			.where(eq(messages.chatId, sql.placeholder('chatId')))
			.orderBy(asc(messages.createdAt), sql`case ${messages.role} when 'user' then 0 else 1 end`, asc(messages.id))
			.prepare('list_messages')
	);
	return statement.execute({ chatId });
}

/**
 * Stores a question. Its parent is the message it follows: `parentId` when given (null starts the
 * conversation afresh, as when the first question is edited), otherwise the chat's most recent message.
 */
export async function insertUserMessage(
	chatId: string,
	content: string,
	parentId?: string | null
): Promise<MessageRow> {
	const db = await getDb();
	const latest = sql`(select m.id from ${messages} m where m.chat_id = ${chatId}
		order by m.created_at desc, case m.role when 'user' then 0 else 1 end desc, m.id desc limit 1)`;
	const [row] = await db
		.insert(messages)
		.values({ chatId, role: 'user', content, status: 'complete', parentId: parentId === undefined ? latest : parentId })
		.returning(messageColumns);
	return row;
}

/** The answer's row, created before the model is called so that its text can be saved as it grows. */
export async function insertStreamingAssistantMessage(input: {
	chatId: string;
	parentId: string;
	model: string | null;
	promptVersions: PromptVersion[];
}): Promise<MessageRow> {
	const db = await getDb();
	const [row] = await db
		.insert(messages)
		.values({
			chatId: input.chatId,
			role: 'assistant',
			content: '',
			status: 'streaming',
			model: input.model,
			promptVersions: input.promptVersions,
			parentId: input.parentId
		})
		.returning(messageColumns);
	return row;
}

/**
 * Opens a turn in one statement (one round trip, one transaction): stores the question (unless an
 * existing one is being answered again), marks the chat active (and stores its brief when given), and
 * creates the answer's row, `streaming`, so that its text can be saved as it grows. The ids are chosen
 * by the caller. Either all of it is committed or none of it, and the question is committed before
 * the caller may call the model.
 */
export async function openTurn(input: {
	chatId: string;
	/** A new question to store; absent when a stored question is answered again. */
	question?: { id: string; content: string; parentId: string | null };
	/** The question the answer answers (the new one's id, or the stored one's). */
	questionId: string;
	answerId: string;
	model: string | null;
	promptVersions: PromptVersion[];
	/** The chat's brief, stored in the same statement (an assistant's opening request names its question). */
	brief?: ChatBrief;
}): Promise<void> {
	const db = await getDb();
	const q = input.question;
	const storeQuestion = q
		? sql`, q as (insert into ${messages} (id, chat_id, role, content, status, parent_id)
				values (${q.id}, ${input.chatId}, 'user', ${q.content}, 'complete', ${q.parentId}) returning id)`
		: sql``;
	const brief = input.brief ? sql`, brief = ${JSON.stringify(input.brief)}::jsonb` : sql``;
	const rows = rowsOf<{ id: string }>(
		await db.execute(sql`with c as (update ${chats} set updated_at = now()${brief} where id = ${input.chatId} returning id)
			${storeQuestion}
			insert into ${messages} (id, chat_id, role, content, status, model, prompt_versions, parent_id, created_at, updated_at)
			select ${input.answerId}, c.id, 'assistant', '', 'streaming', ${input.model}, ${JSON.stringify(input.promptVersions)}::jsonb,
				${q ? sql`(select id from q)` : sql`${input.questionId}::uuid`}, clock_timestamp(), clock_timestamp()
			from c
			returning id`)
	);
	if (rows.length !== 1) throw new Error('The chat to answer in no longer exists');
}

/** Saves the text streamed so far; only while the message is still streaming. */
export async function saveStreamingContent(id: string, content: string): Promise<void> {
	const db = await getDb();
	const statement = prepared(db, 'save_streaming_content', (d) =>
		d
			.update(messages)
			.set({ content: sql`${sql.placeholder('content')}`, updatedAt: sql`now()` })
			.where(and(eq(messages.id, sql.placeholder('id')), eq(messages.status, 'streaming')))
			.prepare('save_streaming_content')
	);
	await statement.execute({ id, content });
}

export async function finishAssistantMessage(
	id: string,
	result: {
		content: string;
		status: 'complete' | 'stopped' | 'error' | 'interrupted';
		errorMessage?: string | null;
		sources: StoredSource[];
		promptTokens?: number | null;
		completionTokens?: number | null;
		/** Replaces the prompts recorded at the start, when building the context used more. */
		promptVersions?: PromptVersion[];
	}
): Promise<void> {
	const db = await getDb();
	await db
		.update(messages)
		.set({
			...(result.promptVersions ? { promptVersions: result.promptVersions } : {}),
			content: result.content,
			status: result.status,
			errorMessage: result.errorMessage ?? null,
			sources: result.sources,
			promptTokens: result.promptTokens ?? null,
			completionTokens: result.completionTokens ?? null,
			updatedAt: new Date()
		})
		.where(eq(messages.id, id));
}

/**
 * Ends an answer that a failure left streaming: status `error` with the text that had streamed and a
 * message to show. An answer that already ended keeps its status. Returns the status it now has.
 */
export async function failStreamingAssistantMessage(
	id: string,
	content: string,
	errorMessage: string
): Promise<Message['status'] | undefined> {
	const db = await getDb();
	const [updated] = await db
		.update(messages)
		.set({ content, status: 'error', errorMessage, updatedAt: new Date() })
		.where(and(eq(messages.id, id), eq(messages.status, 'streaming')))
		.returning({ status: messages.status });
	if (updated) return updated.status;
	const [row] = await db.select({ status: messages.status }).from(messages).where(eq(messages.id, id)).limit(1);
	return row?.status;
}

/**
 * Answers left `streaming` by an instance that stopped mid-answer are marked `interrupted` (their saved
 * text is kept); returns how many. With several instances, only answers not touched for
 * `olderThanSeconds` (a live instance touches its answers more often than that) are taken as abandoned.
 */
export async function markStreamingMessagesInterrupted(olderThanSeconds?: number): Promise<number> {
	const db = await getDb();
	const stale =
		olderThanSeconds === undefined
			? undefined
			: sql`${messages.updatedAt} < now() - make_interval(secs => ${olderThanSeconds})`;
	const rows = await db
		.update(messages)
		.set({ status: 'interrupted', updatedAt: new Date() })
		.where(and(eq(messages.status, 'streaming'), stale))
		.returning({ id: messages.id });
	return rows.length;
}

/** Shows the other instances that these answers are still being written (see markStreamingMessagesInterrupted). */
export async function touchStreamingMessages(ids: string[]): Promise<void> {
	if (ids.length === 0) return;
	const db = await getDb();
	await db
		.update(messages)
		.set({ updatedAt: sql`now()` })
		.where(and(inArray(messages.id, ids), eq(messages.status, 'streaming')));
}

/** A message of this chat, or nothing. */
export async function findMessageInChat(chatId: string, messageId: string): Promise<MessageRow | undefined> {
	if (!isUuid(messageId)) return undefined;
	const db = await getDb();
	const [row] = await db
		.select(messageColumns)
		.from(messages)
		.where(and(eq(messages.id, messageId), eq(messages.chatId, chatId)))
		.limit(1);
	return row;
}
