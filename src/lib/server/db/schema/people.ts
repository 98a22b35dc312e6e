import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { userRoles, users } from './users';

export const accountTokenKinds = ['invite', 'reset'] as const;
export type AccountTokenKind = (typeof accountTokenKinds)[number];

/**
 * One-time links an administrator hands out: an invitation to create an account (with a role chosen in
 * advance) or a password reset for an existing account. Only the SHA-256 of the token is stored, so the
 * database cannot be turned back into working links.
 */
export const accountTokens = pgTable(
	'account_tokens',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kind: text('kind', { enum: accountTokenKinds }).notNull(),
		tokenHash: text('token_hash').notNull(),
		// Invitations: the address the account will have. Resets: the account.
		email: text('email'),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: userRoles }).notNull().default('member'),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('account_tokens_hash_idx').on(t.tokenHash),
		index('account_tokens_user_idx').on(t.userId),
		check('account_tokens_kind_check', sql`${t.kind} in ('invite', 'reset')`),
		check(
			'account_tokens_target_check',
			sql`(${t.kind} = 'invite' and ${t.email} is not null) or (${t.kind} = 'reset' and ${t.userId} is not null)`
		)
	]
);

export type AccountToken = typeof accountTokens.$inferSelect;
