/**
 * Administrators off-boarding and helping people: deactivate (sessions end, shared work moves to a named
 * colleague), reactivate, and one-time password reset links. Every change is an audit event.
 */
import { deactivateSchema } from '$lib/schemas/people';
import type { SessionUser } from '$lib/schemas/user';
import { isAdmin } from '../authz/policy';
import { isUuid } from '../db/queries/chats';
import {
	countOtherActiveAdmins,
	deactivateUser,
	findPerson,
	insertAccountToken,
	reactivateUser
} from '../db/queries/people';
import { audit } from '../governance/audit';
import { resetLinkMessage } from '../mail/link-messages';
import { sendMail } from '../mail/mailer';
import { generateLinkToken, hashLinkToken } from './links';

/** How a one-time link reached the person: emailed, or (mail off, or the send failed) shown to the admin only. */
export type LinkDelivery = 'emailed' | 'shown' | 'email_failed';

export type PeopleResult<T> =
	{ ok: true; value: T } | { ok: false; status: 400 | 403 | 404 | 409; message: string; field?: string };
export type RequestMeta = { requestId?: string };

/** How long a password reset link works. */
export const RESET_LINK_HOURS = 24;

const NOT_FOUND = { ok: false, status: 404, message: 'User not found' } as const;
const ADMINS_ONLY = { ok: false, status: 403, message: 'Only administrators can manage people' } as const;

function record(
	admin: SessionUser,
	meta: RequestMeta | undefined,
	action: Parameters<typeof audit>[1],
	rest: Parameters<typeof audit>[2]
): Promise<void> {
	return audit({ locals: { user: admin, requestId: meta?.requestId } }, action, { ...rest, actorId: admin.id });
}

async function target(admin: SessionUser, userId: string) {
	if (!isAdmin(admin)) return ADMINS_ONLY;
	const person = isUuid(userId) ? await findPerson(userId) : undefined;
	return person ?? NOT_FOUND;
}

/** Ends every session of someone, stops them signing in, and hands their shared work to `newOwnerId`. */
export async function deactivatePerson(
	admin: SessionUser,
	userId: string,
	body: unknown,
	meta?: RequestMeta
): Promise<PeopleResult<{ name: string; newOwnerName: string; assistantsMoved: number; promptsMoved: number }>> {
	const person = await target(admin, userId);
	if ('ok' in person) return person;
	if (person.id === admin.id) return { ok: false, status: 400, message: 'You cannot deactivate your own account' };
	if (person.deactivatedAt) return { ok: false, status: 409, message: `${person.name} is already deactivated` };
	const parsed = deactivateSchema.safeParse(body);
	if (!parsed.success) return { ok: false, status: 400, message: parsed.error.issues[0].message };
	const newOwner = await findPerson(parsed.data.newOwnerId);
	if (!newOwner || newOwner.deactivatedAt || newOwner.id === person.id) {
		return { ok: false, status: 400, message: 'Choose someone with an active account to own their shared work' };
	}
	if (person.role === 'admin' && (await countOtherActiveAdmins(person.id)) < 1) {
		return { ok: false, status: 409, message: 'There must always be at least one active administrator' };
	}
	const moved = await deactivateUser(person.id, newOwner.id);
	if (!moved) return { ok: false, status: 409, message: `${person.name} is already deactivated` };
	await record(admin, meta, 'user.deactivated', {
		targetType: 'user',
		targetId: person.id,
		details: { newOwnerId: newOwner.id, ...moved }
	});
	return { ok: true, value: { name: person.name, newOwnerName: newOwner.name, ...moved } };
}

/** Lets a deactivated person sign in again (their moved work stays with its new owner). */
export async function reactivatePerson(
	admin: SessionUser,
	userId: string,
	meta?: RequestMeta
): Promise<PeopleResult<{ name: string }>> {
	const person = await target(admin, userId);
	if ('ok' in person) return person;
	if (!(await reactivateUser(person.id))) {
		return { ok: false, status: 409, message: `${person.name} is already active` };
	}
	await record(admin, meta, 'user.reactivated', { targetType: 'user', targetId: person.id });
	return { ok: true, value: { name: person.name } };
}

/**
 * A one-time password reset link for someone, emailed to them when SMTP is set, and shown to the
 * administrator once either way (to pass on when there is no email). Issuing a new one cancels any
 * earlier unused link for the same person.
 */
export async function issueResetLink(
	admin: SessionUser,
	userId: string,
	origin: string,
	meta?: RequestMeta
): Promise<PeopleResult<{ name: string; email: string; url: string; expiresAt: Date; delivery: LinkDelivery }>> {
	const person = await target(admin, userId);
	if ('ok' in person) return person;
	if (person.deactivatedAt) {
		return { ok: false, status: 409, message: `Reactivate ${person.name} before issuing a reset link` };
	}
	const token = generateLinkToken();
	const expiresAt = new Date(Date.now() + RESET_LINK_HOURS * 60 * 60 * 1000);
	await insertAccountToken({
		kind: 'reset',
		tokenHash: hashLinkToken(token)!,
		userId: person.id,
		createdBy: admin.id,
		expiresAt
	});
	const url = `${origin}/reset-password/${token}`;
	const mailed = await sendMail(resetLinkMessage(person, url, expiresAt));
	const delivery: LinkDelivery = mailed.sent ? 'emailed' : mailed.reason === 'off' ? 'shown' : 'email_failed';
	await record(admin, meta, 'user.reset_link_issued', {
		targetType: 'user',
		targetId: person.id,
		details: { delivery }
	});
	return { ok: true, value: { name: person.name, email: person.email, url, expiresAt, delivery } };
}
