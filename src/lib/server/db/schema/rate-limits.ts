import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Attempt counters (sign-in, sign-up) in fixed windows. They live in the database, not in a process's
 * memory, so that every app instance sharing the database counts the same attempts.
 */
export const rateLimits = pgTable(
	'rate_limits',
	{
		/** The limiter's name and the counted thing, e.g. `sign-in-account:someone@nhs.net`. */
		key: text('key').primaryKey(),
		count: integer('count').notNull(),
		resetAt: timestamp('reset_at', { withTimezone: true }).notNull()
	},
	(t) => [index('rate_limits_reset_at_idx').on(t.resetAt)]
);
