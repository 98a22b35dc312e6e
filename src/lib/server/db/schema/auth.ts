import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/** A single sign-on identity: the provider's issuer and subject, never the email alone. */
export const userIdentities = pgTable(
	'user_identities',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		issuer: text('issuer').notNull(),
		subject: text('subject').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('user_identities_issuer_subject_idx').on(t.issuer, t.subject),
		index('user_identities_user_id_idx').on(t.userId)
	]
);

/**
 * Short-lived, single-use sign-in steps (an SSO round trip, a password accepted and waiting for its
 * second factor). Kept here rather than in memory so any instance can finish what another started;
 * the browser holds a random token whose SHA-256 is the id.
 */
export const authFlows = pgTable(
	'auth_flows',
	{
		id: text('id').primaryKey(),
		kind: text('kind', { enum: ['sso', 'mfa', 'mfa_enrol'] }).notNull(),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
		data: jsonb('data').notNull().default({}),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('auth_flows_expires_at_idx').on(t.expiresAt),
		check('auth_flows_kind_check', sql`${t.kind} in ('sso', 'mfa', 'mfa_enrol')`)
	]
);

/** A person's TOTP authenticator: pending until a first code confirms it. */
export const userTotp = pgTable('user_totp', {
	userId: uuid('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	key: text('key').notNull(),
	confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
	// The last 30-second step whose code was accepted: a code is never accepted twice.
	lastCounter: bigint('last_counter', { mode: 'number' }),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

/** One-time recovery codes, stored as SHA-256 (they are random, so a slow hash adds nothing). */
export const mfaRecoveryCodes = pgTable(
	'mfa_recovery_codes',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		codeHash: text('code_hash').notNull(),
		usedAt: timestamp('used_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('mfa_recovery_codes_user_id_idx').on(t.userId),
		uniqueIndex('mfa_recovery_codes_hash_idx').on(t.userId, t.codeHash)
	]
);

export type UserIdentity = typeof userIdentities.$inferSelect;
export type AuthFlow = typeof authFlows.$inferSelect;
