import { z } from 'zod';

/** `{"code"}` for confirming and turning off two-step verification. */
export const mfaCodeSchema = z.object({
	code: z
		.string({ error: 'Enter the 6-digit code from your authenticator app' })
		.trim()
		.min(1, 'Enter the 6-digit code from your authenticator app')
		.max(64, 'Enter the 6-digit code from your authenticator app')
});

/** GET /api/me. */
export type Me = {
	id: string;
	email: string;
	name: string;
	role: 'member' | 'admin';
	teams: { id: string; name: string; role: string }[];
	mfa: boolean;
	sso: boolean;
};
