import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

export const teamRoles = ['owner', 'editor', 'member'] as const;
export type TeamRole = (typeof teamRoles)[number];

export const teams = pgTable('teams', {
	id: uuid('id').primaryKey().defaultRandom(),
	name: text('name').notNull(),
	description: text('description').notNull().default(''),
	createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export const teamMemberships = pgTable(
	'team_memberships',
	{
		teamId: uuid('team_id')
			.notNull()
			.references(() => teams.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: teamRoles }).notNull().default('member'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.teamId, t.userId] }),
		index('team_memberships_user_id_idx').on(t.userId),
		check('team_memberships_role_check', sql`${t.role} in ('owner', 'editor', 'member')`)
	]
);

export type Team = typeof teams.$inferSelect;
export type TeamMembership = typeof teamMemberships.$inferSelect;

/**
 * An offer to join a team, addressed to an email (whether or not it has an account yet): nobody joins
 * a team until they accept. Accepting or declining deletes the row; the audit log keeps the history.
 */
export const teamInvitations = pgTable(
	'team_invitations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		teamId: uuid('team_id')
			.notNull()
			.references(() => teams.id, { onDelete: 'cascade' }),
		// Lower-cased; matched against the signed-in person's own email.
		email: text('email').notNull(),
		role: text('role', { enum: teamRoles }).notNull().default('member'),
		invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
	},
	(t) => [
		uniqueIndex('team_invitations_team_email_idx').on(t.teamId, t.email),
		index('team_invitations_email_idx').on(t.email),
		check('team_invitations_role_check', sql`${t.role} in ('owner', 'editor', 'member')`)
	]
);

export type TeamInvitation = typeof teamInvitations.$inferSelect;
