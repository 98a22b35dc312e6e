/**
 * A person's own account: their name and password (the current password required; every other session
 * ends), and using a reset link an administrator gave them.
 */
import { fieldErrors } from '$lib/schemas/auth';
import { changeNameSchema, changePasswordSchema, resetPasswordSchema } from '$lib/schemas/people';
import type { SessionUser } from '$lib/schemas/user';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/password';
import {
	consumeResetToken,
	deleteOtherSessions,
	findLiveAccountToken,
	findPasswordHash,
	findPerson,
	setUserName
} from '../db/queries/people';
import { setUserPasswordHash } from '../db/queries/users';
import { audit } from '../governance/audit';
import { hashLinkToken } from './links';

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };
type Meta = { requestId?: string };

function record(userId: string, meta: Meta | undefined, action: Parameters<typeof audit>[1]) {
	return audit({ locals: { user: { id: userId }, requestId: meta?.requestId } }, action, {
		actorId: userId,
		targetType: 'user',
		targetId: userId
	});
}

export async function changeOwnName(user: SessionUser, body: unknown, meta?: Meta): Promise<FormResult<string>> {
	const parsed = changeNameSchema.safeParse(body);
	if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
	if (parsed.data.name !== user.name) {
		await setUserName(user.id, parsed.data.name);
		await record(user.id, meta, 'user.name_changed');
	}
	return { ok: true, value: parsed.data.name };
}

/** Checks the current password, sets the new one and ends every other session (this one stays). */
export async function changeOwnPassword(
	user: SessionUser,
	sessionId: string | null,
	body: unknown,
	meta?: Meta
): Promise<FormResult<{ sessionsEnded: number }>> {
	const parsed = changePasswordSchema.safeParse(body);
	if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
	const hash = await findPasswordHash(user.id);
	if (!hash || !(await verifyPassword(hash, parsed.data.currentPassword))) {
		return { ok: false, errors: { currentPassword: 'Your current password is not right. Enter it again' } };
	}
	const problem = passwordProblem(parsed.data.newPassword, { email: user.email, name: user.name });
	if (problem) return { ok: false, errors: { newPassword: problem } };
	if (parsed.data.newPassword === parsed.data.currentPassword) {
		return { ok: false, errors: { newPassword: 'Choose a password different from your current one' } };
	}
	await setUserPasswordHash(user.id, await hashPassword(parsed.data.newPassword));
	const sessionsEnded = await deleteOtherSessions(user.id, sessionId);
	await record(user.id, meta, 'user.password_changed');
	return { ok: true, value: { sessionsEnded } };
}

/** Whose reset link this is (first name only, to greet them), or null when it is unknown, used or expired. */
export async function checkResetLink(token: string): Promise<{ firstName: string } | null> {
	const hash = hashLinkToken(token);
	const row = hash ? await findLiveAccountToken('reset', hash) : undefined;
	const person = row?.userId ? await findPerson(row.userId) : undefined;
	if (!person || person.deactivatedAt) return null;
	return { firstName: person.name.split(/\s+/)[0] };
}

/** Sets a new password from a reset link, once; every session of that account ends. */
export async function resetPasswordWithLink(
	token: string,
	body: unknown,
	meta?: Meta
): Promise<FormResult<{ userId: string }> | null> {
	const hash = hashLinkToken(token);
	const row = hash ? await findLiveAccountToken('reset', hash) : undefined;
	const person = row?.userId ? await findPerson(row.userId) : undefined;
	if (!hash || !person || person.deactivatedAt) return null;
	const parsed = resetPasswordSchema.safeParse(body);
	if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
	const problem = passwordProblem(parsed.data.newPassword, { email: person.email, name: person.name });
	if (problem) return { ok: false, errors: { newPassword: problem } };
	const userId = await consumeResetToken(hash, await hashPassword(parsed.data.newPassword));
	if (!userId) return null;
	await record(userId, meta, 'user.password_reset');
	return { ok: true, value: { userId } };
}
