import { and, eq, sql } from 'drizzle-orm';
import type { FeedbackRating, FeedbackReason, MessageFeedbackView } from '$lib/schemas/chat';
import { getDb } from '..';
import { messageFeedback, messages } from '../schema';

/** Records a person's rating of an answer, replacing any rating they gave it before. */
export async function upsertMessageFeedback(input: {
	messageId: string;
	userId: string;
	rating: FeedbackRating;
	reason: FeedbackReason | null;
	comment: string | null;
}): Promise<void> {
	const db = await getDb();
	await db
		.insert(messageFeedback)
		.values(input)
		.onConflictDoUpdate({
			target: [messageFeedback.messageId, messageFeedback.userId],
			set: { rating: input.rating, reason: input.reason, comment: input.comment, updatedAt: sql`now()` }
		});
}

/** This person's ratings of the answers in a chat, by message id. */
export async function listFeedbackForChat(chatId: string, userId: string): Promise<Map<string, MessageFeedbackView>> {
	const db = await getDb();
	const rows = await db
		.select({
			messageId: messageFeedback.messageId,
			rating: messageFeedback.rating,
			reason: messageFeedback.reason,
			comment: messageFeedback.comment
		})
		.from(messageFeedback)
		.innerJoin(messages, eq(messages.id, messageFeedback.messageId))
		.where(and(eq(messages.chatId, chatId), eq(messageFeedback.userId, userId)));
	return new Map(rows.map(({ messageId, ...view }) => [messageId, view]));
}
