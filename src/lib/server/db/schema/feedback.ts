import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { messages } from './chats';
import { users } from './users';

export const feedbackRatings = ['up', 'down'] as const;
export const feedbackReasons = ['inaccurate', 'wrong_tone', 'ignored_guidance', 'too_long', 'other'] as const;

/** A person's rating of one answer; rating again replaces it (one row per message and person). */
export const messageFeedback = pgTable(
	'message_feedback',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		messageId: uuid('message_id')
			.notNull()
			.references(() => messages.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		rating: text('rating', { enum: feedbackRatings }).notNull(),
		reason: text('reason', { enum: feedbackReasons }),
		comment: text('comment'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('message_feedback_message_user_key').on(t.messageId, t.userId),
		index('message_feedback_user_idx').on(t.userId),
		check('message_feedback_rating_check', sql`${t.rating} in ('up', 'down')`),
		check(
			'message_feedback_reason_check',
			sql`${t.reason} is null or ${t.reason} in ('inaccurate', 'wrong_tone', 'ignored_guidance', 'too_long', 'other')`
		),
		check('message_feedback_comment_check', sql`${t.comment} is null or char_length(${t.comment}) <= 2000`)
	]
);

export type MessageFeedback = typeof messageFeedback.$inferSelect;
