/** People: account self-service and administrators' off-boarding forms (nothing here imports server code). */
import { z } from 'zod';
import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH } from './auth';

const name = z
	.string({ error: 'Enter your full name' })
	.trim()
	.min(1, 'Enter your full name')
	.max(NAME_MAX_LENGTH, `Name must be ${NAME_MAX_LENGTH} characters or fewer`);

const newPassword = z
	.string({ error: 'Enter a new password' })
	.min(1, 'Enter a new password')
	.max(PASSWORD_MAX_LENGTH, `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`);

export const changeNameSchema = z.object({ name });

export const changePasswordSchema = z
	.object({
		currentPassword: z
			.string({ error: 'Enter your current password' })
			.min(1, 'Enter your current password')
			.max(PASSWORD_MAX_LENGTH, `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`),
		newPassword,
		confirmPassword: z.string().optional().default('')
	})
	.refine((v) => v.newPassword === v.confirmPassword, {
		path: ['confirmPassword'],
		message: 'The passwords do not match. Enter the new password again'
	});

export const resetPasswordSchema = z
	.object({ newPassword, confirmPassword: z.string().optional().default('') })
	.refine((v) => v.newPassword === v.confirmPassword, {
		path: ['confirmPassword'],
		message: 'The passwords do not match. Enter the new password again'
	});

export const deactivateSchema = z.object({
	newOwnerId: z.uuid({ error: 'Choose who will own their shared assistants and prompts' })
});

/** A person as Admin › Users lists them. */
export type PersonView = {
	id: string;
	name: string;
	email: string;
	role: 'member' | 'admin';
	createdAt: string;
	deactivatedAt: string | null;
	lastActiveAt: string | null;
};

/** An administrator invites an address to the organisation with a role. */
export const inviteAccountSchema = z
	.object({
		inviteEmail: z
			.string({ error: 'Enter their email address' })
			.trim()
			.min(1, 'Enter their email address')
			.max(EMAIL_MAX_LENGTH, `Email address must be ${EMAIL_MAX_LENGTH} characters or fewer`)
			.pipe(z.email({ error: 'Enter an email address in the correct format, like name@nhs.net' }))
			.transform((v) => v.toLowerCase()),
		inviteRole: z.enum(['member', 'admin'], { error: 'Choose member or administrator' }).optional().default('member')
	})
	.transform((v) => ({ email: v.inviteEmail, role: v.inviteRole }));

/** The invited person chooses their name and password. */
export const acceptAccountInviteSchema = z.object({
	name,
	password: z
		.string({ error: 'Enter a password' })
		.min(1, 'Enter a password')
		.max(PASSWORD_MAX_LENGTH, `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`)
});

/** Deleting a deactivated person: the administrator types the person's email address to confirm. */
export const deletePersonSchema = z.object({
	confirmEmail: z
		.string({ error: 'Type their email address to confirm' })
		.trim()
		.min(1, 'Type their email address to confirm')
		.max(EMAIL_MAX_LENGTH, `Email address must be ${EMAIL_MAX_LENGTH} characters or fewer`)
		.transform((v) => v.toLowerCase()),
	newOwnerId: z
		.union([z.literal(''), z.uuid({ error: 'Choose who will own their shared assistants and prompts' })])
		.optional()
		.transform((v) => v || null)
});

/** What deleting a person removes (shown before the administrator confirms). */
export type DeletionPreview = {
	chats: number;
	attachments: number;
	privateAssistants: number;
	privatePrompts: number;
	sharedAssistants: number;
	sharedPrompts: number;
	/** The colleague named at deactivation, when they can still take over shared work. */
	successorName: string | null;
};
