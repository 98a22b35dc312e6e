/**
 * Deleting a leaver's account under the retention rules. Only a deactivated account can be deleted
 * (deactivating ends their sessions and hands their shared work to a named colleague); the
 * administrator confirms by typing the person's email address. The audit log keeps its events about
 * them with the account id only, a pseudonymous reference once the account row has gone.
 */
import { deletePersonSchema, type DeletionPreview } from '$lib/schemas/people';
import type { SessionUser } from '$lib/schemas/user';
import { isAdmin } from '../authz/policy';
import { isUuid } from '../db/queries/chats';
import { countOtherActiveAdmins, findPerson, type PersonRow } from '../db/queries/people';
import {
	deactivationSuccessorId,
	deleteDeactivatedUser,
	isActiveUser,
	summariseForDeletion
} from '../db/queries/people-delete';
import { audit } from '../governance/audit';
import type { PeopleResult, RequestMeta } from './admin';

type Deleted = { name: string; chats: number; attachments: number; sharedMoved: number };

async function target(admin: SessionUser, userId: string): Promise<PersonRow | PeopleResult<never>> {
	if (!isAdmin(admin)) return { ok: false, status: 403, message: 'Only administrators can manage people' };
	const person = isUuid(userId) ? await findPerson(userId) : undefined;
	return person ?? { ok: false, status: 404, message: 'User not found' };
}

/** Why this person cannot be deleted yet, or null when they can. */
async function blocker(admin: SessionUser, person: PersonRow): Promise<PeopleResult<never> | null> {
	if (person.id === admin.id) return { ok: false, status: 400, message: 'You cannot delete your own account' };
	if (person.role === 'admin' && !person.deactivatedAt && (await countOtherActiveAdmins(person.id)) < 1) {
		return { ok: false, status: 409, message: 'The last active administrator can never be deleted' };
	}
	if (!person.deactivatedAt) {
		return {
			ok: false,
			status: 409,
			message: `Deactivate ${person.name} first: that signs them out and hands their shared work to a colleague`
		};
	}
	return null;
}

async function successorFor(person: PersonRow): Promise<{ id: string; name: string } | null> {
	const id = await deactivationSuccessorId(person.id);
	if (!id || id === person.id || !(await isActiveUser(id))) return null;
	const p = await findPerson(id);
	return p ? { id: p.id, name: p.name } : null;
}

/** What deleting would remove, for the confirmation step. */
export async function previewDeletion(admin: SessionUser, userId: string): Promise<PeopleResult<DeletionPreview>> {
	const person = await target(admin, userId);
	if ('ok' in person) return person;
	const summary = await summariseForDeletion(person.id);
	const successor = await successorFor(person);
	return { ok: true, value: { ...summary, successorName: successor?.name ?? null } };
}

/**
 * Deletes a deactivated person after the typed confirmation. Shared work still in their name goes to
 * the colleague named at deactivation, or to `newOwnerId` when that person can no longer take it.
 */
export async function deletePerson(
	admin: SessionUser,
	userId: string,
	body: unknown,
	meta?: RequestMeta
): Promise<PeopleResult<Deleted>> {
	const person = await target(admin, userId);
	if ('ok' in person) return person;
	const blocked = await blocker(admin, person);
	if (blocked) return blocked;
	const parsed = deletePersonSchema.safeParse(body);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const field = issue.path[0] === 'newOwnerId' ? 'deleteOwnerId' : 'confirmEmail';
		return { ok: false, status: 400, message: issue.message, field };
	}
	if (parsed.data.confirmEmail !== person.email.toLowerCase()) {
		return {
			ok: false,
			status: 400,
			message: `The email address does not match. Type ${person.email} exactly to confirm`,
			field: 'confirmEmail'
		};
	}
	const summary = await summariseForDeletion(person.id);
	let successorId: string | null = null;
	if (summary.sharedAssistants + summary.sharedPrompts > 0) {
		const chosen = parsed.data.newOwnerId;
		if (chosen && (chosen === person.id || !(await isActiveUser(chosen)))) {
			return {
				ok: false,
				status: 400,
				message: 'Choose someone with an active account to own their shared work',
				field: 'deleteOwnerId'
			};
		}
		successorId = chosen ?? (await successorFor(person))?.id ?? null;
		if (!successorId) {
			return {
				ok: false,
				status: 400,
				message: 'Choose who will own their shared assistants and prompts',
				field: 'deleteOwnerId'
			};
		}
	}
	const done = await deleteDeactivatedUser(person.id, successorId);
	if (!done)
		return { ok: false, status: 409, message: `${person.name} is no longer deactivated: deactivate them first` };
	// Counts and ids only: the name and email are exactly what is being erased.
	await audit({ locals: { user: admin, requestId: meta?.requestId } }, 'user.deleted', {
		actorId: admin.id,
		targetType: 'user',
		targetId: person.id,
		details: {
			chatsDeleted: done.chats,
			attachmentsDeleted: done.attachments,
			assistantsDeleted: done.privateAssistants,
			promptsDeleted: done.privatePrompts,
			sharedMoved: done.sharedMoved,
			...(successorId ? { newOwnerId: successorId } : {})
		}
	});
	return {
		ok: true,
		value: { name: person.name, chats: done.chats, attachments: done.attachments, sharedMoved: done.sharedMoved }
	};
}
