import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const userRoles = ['member', 'admin'] as const;
export type UserRole = (typeof userRoles)[number];

export const users = pgTable(
	'users',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		// Stored lower-cased; the unique index on lower(email) also guards rows written by other tools.
		email: text('email').notNull(),
		name: text('name').notNull(),
		// Null for accounts that only sign in with single sign-on.
		passwordHash: text('password_hash'),
		role: text('role', { enum: userRoles }).notNull().default('member'),
		// Set when an administrator off-boards the person: they cannot sign in and have no sessions.
		deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
		/** Marked by an administrator: may sign off drafts on topics that need a clinician. */
		clinicalReviewer: boolean('clinical_reviewer').notNull().default(false),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('users_email_lower_idx').on(sql`lower(${t.email})`),
		check('users_role_check', sql`${t.role} in ('member', 'admin')`)
	]
);

export const sessions = pgTable(
	'sessions',
	{
		// SHA-256 of the cookie token, hex encoded: the token itself is never stored.
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('sessions_user_id_idx').on(t.userId), index('sessions_expires_at_idx').on(t.expiresAt)]
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
