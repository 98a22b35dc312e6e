/**
 * Inviting someone to the organisation: an administrator creates a one-time link for an email address
 * with the role chosen in advance; the person opens it, gives their name and a password, and has an
 * account (even when self sign-up is off or their domain is not on the allowed list).
 */
import { fieldErrors } from '$lib/schemas/auth';
import { inviteAccountSchema, acceptAccountInviteSchema } from '$lib/schemas/people';
import type { SessionUser } from '$lib/schemas/user';
import { registerAccount } from '../auth/accounts';
import { passwordProblem } from '../auth/password';
import { isAdmin } from '../authz/policy';
import { findLiveAccountToken, insertAccountToken, markAccountTokenUsed } from '../db/queries/people';
import { findUserByEmail, type PublicUser } from '../db/queries/users';
import { audit } from '../governance/audit';
import { invitationMessage } from '../mail/link-messages';
import { sendMail } from '../mail/mailer';
import type { LinkDelivery } from './admin';
import { generateLinkToken, hashLinkToken } from './links';

/** How long an invitation link works. */
export const INVITE_LINK_DAYS = 7;

type Meta = { requestId?: string };
export type InviteLinkResult =
	| {
			ok: true;
			value: { email: string; role: 'admin' | 'member'; url: string; expiresAt: Date; delivery: LinkDelivery };
	  }
	| { ok: false; status: 400 | 403 | 409; errors: Record<string, string> };

export async function inviteToOrganisation(
	admin: SessionUser,
	body: unknown,
	origin: string,
	meta?: Meta
): Promise<InviteLinkResult> {
	if (!isAdmin(admin)) return { ok: false, status: 403, errors: { form: 'Only administrators can invite people' } };
	const parsed = inviteAccountSchema.safeParse(body);
	if (!parsed.success) return { ok: false, status: 400, errors: fieldErrors(parsed.error) };
	const { email, role } = parsed.data;
	if (await findUserByEmail(email)) {
		return {
			ok: false,
			status: 409,
			errors: { inviteEmail: `${email} already has an account. Find them in the list` }
		};
	}
	const token = generateLinkToken();
	const expiresAt = new Date(Date.now() + INVITE_LINK_DAYS * 24 * 60 * 60 * 1000);
	await insertAccountToken({
		kind: 'invite',
		tokenHash: hashLinkToken(token)!,
		email,
		role,
		createdBy: admin.id,
		expiresAt
	});
	const url = `${origin}/join/${token}`;
	const mailed = await sendMail(invitationMessage(email, role, url, expiresAt, admin.name));
	const delivery: LinkDelivery = mailed.sent ? 'emailed' : mailed.reason === 'off' ? 'shown' : 'email_failed';
	await audit({ locals: { user: admin, requestId: meta?.requestId } }, 'user.invited', {
		actorId: admin.id,
		details: { role, delivery }
	});
	return { ok: true, value: { email, role, url, expiresAt, delivery } };
}

/** The address an invitation link is for, or null when the link is unknown, used or expired. */
export async function checkInviteLink(token: string): Promise<{ email: string; role: 'admin' | 'member' } | null> {
	const hash = hashLinkToken(token);
	const row = hash ? await findLiveAccountToken('invite', hash) : undefined;
	return row?.email ? { email: row.email, role: row.role } : null;
}

/** Creates the invited account, once; null when the link is no longer valid. */
export async function acceptInviteLink(
	token: string,
	body: unknown,
	meta?: Meta
): Promise<{ ok: true; user: PublicUser } | { ok: false; errors: Record<string, string> } | null> {
	const hash = hashLinkToken(token);
	const row = hash ? await findLiveAccountToken('invite', hash) : undefined;
	if (!row?.email) return null;
	const parsed = acceptAccountInviteSchema.safeParse(body);
	if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
	const problem = passwordProblem(parsed.data.password, { email: row.email, name: parsed.data.name });
	if (problem) return { ok: false, errors: { password: problem } };
	// Claim the link first, so two tabs cannot both create an account from it.
	if (!(await markAccountTokenUsed(row.id))) return null;
	const result = await registerAccount({
		name: parsed.data.name,
		email: row.email,
		password: parsed.data.password,
		role: row.role,
		enforceDomains: false
	});
	if (!result.ok) return result;
	await audit({ locals: { user: result.user, requestId: meta?.requestId } }, 'user.invitation_accepted', {
		actorId: result.user.id,
		targetType: 'user',
		targetId: result.user.id,
		details: { role: result.user.role, invitedBy: row.createdBy }
	});
	return { ok: true, user: result.user };
}
