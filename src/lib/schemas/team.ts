/** Teams: form input and the views the browser sees (nothing here imports server code). */
import { z } from 'zod';
import { EMAIL_MAX_LENGTH } from './auth';

export const TEAM_ROLES = ['owner', 'editor', 'member'] as const;
export type TeamRoleName = (typeof TEAM_ROLES)[number];

export const TEAM_ROLE_LABELS: Record<TeamRoleName, string> = {
	owner: 'Owner',
	editor: 'Editor',
	member: 'Member'
};

/** What each role may do, for hints next to role choices. */
export const TEAM_ROLE_HINTS: Record<TeamRoleName, string> = {
	owner: 'Manages members and edits the team’s assistants',
	editor: 'Edits the team’s assistants',
	member: 'Uses the team’s assistants'
};

export const TEAM_NAME_MAX = 80;
export const TEAM_DESCRIPTION_MAX = 300;

export const createTeamSchema = z.object({
	name: z
		.string({ error: 'Enter a team name' })
		.trim()
		.min(1, 'Enter a team name')
		.max(TEAM_NAME_MAX, `The team name must be ${TEAM_NAME_MAX} characters or fewer`),
	description: z
		.string()
		.trim()
		.max(TEAM_DESCRIPTION_MAX, `The description must be ${TEAM_DESCRIPTION_MAX} characters or fewer`)
		.optional()
		.default('')
});

const role = z.enum(TEAM_ROLES, { error: 'Choose owner, editor or member' });

/** An owner invites someone by email; they join only when they accept. */
export const inviteMemberSchema = z.object({
	email: z
		.string({ error: 'Enter their email address' })
		.trim()
		.min(1, 'Enter their email address')
		.max(EMAIL_MAX_LENGTH, `Email address must be ${EMAIL_MAX_LENGTH} characters or fewer`)
		.pipe(z.email({ error: 'Enter an email address in the correct format, like name@nhs.net' }))
		.transform((v) => v.toLowerCase()),
	role: role.optional().default('member')
});

export const changeRoleSchema = z.object({
	userId: z.uuid({ error: 'Choose a member' }),
	role
});

export const removeMemberSchema = z.object({ userId: z.uuid({ error: 'Choose a member' }) });

export const invitationIdSchema = z.object({ invitationId: z.uuid({ error: 'Choose an invitation' }) });

/** An invitation waiting in a team, as its owners see it. */
export type TeamInvitationView = {
	id: string;
	email: string;
	role: TeamRoleName;
	createdAt: string;
	expiresAt: string;
};

/** An invitation addressed to the signed-in person. */
export type MyInvitationView = {
	id: string;
	teamName: string;
	teamDescription: string;
	role: TeamRoleName;
	invitedByName: string | null;
	expiresAt: string;
};

export type TeamMemberView = { userId: string; name: string; email: string; role: TeamRoleName; joinedAt: string };

export type TeamView = {
	id: string;
	name: string;
	description: string;
	createdAt: string;
	/** The viewer's own role, or null for an admin who is not a member. */
	myRole: TeamRoleName | null;
	members: TeamMemberView[];
	/** Invitations waiting for an answer; only for those who manage the team. */
	invitations: TeamInvitationView[];
	can: { manage: boolean; leave: boolean };
};
