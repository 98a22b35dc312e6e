import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { formFields } from '$lib/schemas/auth';
import type { PersonView } from '$lib/schemas/people';
import { requireAdmin } from '$lib/server/authz/guards';
import { canChangeRole } from '$lib/server/authz/policy';
import { isUuid } from '$lib/server/db/queries/chats';
import { findPerson, listPeople, type PersonRow } from '$lib/server/db/queries/people';
import { countAdmins, setUserRole } from '$lib/server/db/queries/users';
import { audit } from '$lib/server/governance/audit';
import { deactivatePerson, issueResetLink, reactivatePerson } from '$lib/server/people/admin';
import { mailEnabled } from '$lib/server/mail/mailer';
import { deletePerson, previewDeletion } from '$lib/server/people/delete';
import { isClinicalReviewer } from '$lib/server/db/queries/draft-reviews';
import { markClinicalReviewer } from '$lib/server/drafts/signoff-people';
import { pseudonymRef } from '$lib/server/people/pseudonym';
import type { Actions, PageServerLoad } from './$types';

function view(p: PersonRow): PersonView {
	return {
		id: p.id,
		name: p.name,
		email: p.email,
		role: p.role,
		createdAt: p.createdAt.toISOString(),
		deactivatedAt: p.deactivatedAt?.toISOString() ?? null,
		lastActiveAt: p.lastActiveAt?.toISOString() ?? null
	};
}

async function personOr404(event: RequestEvent<{ id: string }>) {
	const person = isUuid(event.params.id) ? await findPerson(event.params.id) : undefined;
	if (!person) error(404, { message: 'User not found', errorId: event.locals.requestId });
	return person;
}

export const load: PageServerLoad = async (event) => {
	const admin = requireAdmin(event);
	const person = await personOr404(event);
	const everyone = await listPeople();
	const preview = person.deactivatedAt ? await previewDeletion(admin, person.id) : null;
	return {
		person: view(person),
		deletion: preview?.ok ? preview.value : null,
		isMe: person.id === admin.id,
		clinicalReviewer: await isClinicalReviewer(person.id),
		mailOn: mailEnabled(),
		// Who can take over shared work: anyone else who can still sign in.
		successors: everyone
			.filter((p) => p.id !== person.id && !p.deactivatedAt)
			.map((p) => ({ id: p.id, name: p.name, email: p.email }))
	};
};

function failWith(status: number, action: string, message: string) {
	if (status === 403) error(403, { message });
	if (status === 404) error(404, { message });
	return fail(status, { action, message, error: true });
}

export const actions: Actions = {
	/** Two steps: the first post asks for confirmation, the second (confirmed=yes) changes the role. */
	role: async (event) => {
		const admin = requireAdmin(event);
		const person = await personOr404(event);
		const raw = formFields(await event.request.formData(), ['role', 'confirmed']);
		const role = raw.role === 'admin' || raw.role === 'member' ? raw.role : null;
		if (!role) return fail(400, { action: 'role', message: 'Choose member or administrator', error: true });
		if (person.role === role) return { action: 'role', message: `${person.name} is already ${roleWords(role)}` };
		const allowed = canChangeRole({ currentRole: person.role, targetRole: role, adminCount: await countAdmins() });
		if (!allowed.ok) return fail(400, { action: 'role', message: allowed.reason, error: true });
		if (raw.confirmed !== 'yes') return { action: 'role', confirmRole: role as 'admin' | 'member' };
		await setUserRole(person.id, role);
		await audit(event, 'user.role_changed', {
			actorId: admin.id,
			targetType: 'user',
			targetId: person.id,
			details: { before: { role: person.role }, after: { role } }
		});
		return { action: 'role', message: `${person.name} is now ${roleWords(role)}` };
	},

	/** The checkbox sends clinicalReviewer=yes when ticked and nothing when not. */
	clinical: async (event) => {
		const admin = requireAdmin(event);
		const person = await personOr404(event);
		const raw = formFields(await event.request.formData(), ['clinicalReviewer']);
		const r = await markClinicalReviewer(event, admin, person.id, raw.clinicalReviewer === 'yes');
		if (!r.ok) return failWith(r.status, 'clinical', r.message);
		const now = r.value.clinicalReviewer ? 'is now a clinical reviewer' : 'is no longer a clinical reviewer';
		const same = r.value.clinicalReviewer ? 'is already a clinical reviewer' : 'is not a clinical reviewer';
		return { action: 'clinical', message: `${person.name} ${r.value.changed ? now : same}` };
	},

	deactivate: async (event) => {
		const admin = requireAdmin(event);
		const raw = formFields(await event.request.formData(), ['newOwnerId']);
		const r = await deactivatePerson(admin, event.params.id, raw, { requestId: event.locals.requestId });
		if (!r.ok) return failWith(r.status, 'deactivate', r.message);
		const { name, newOwnerName, assistantsMoved, promptsMoved } = r.value;
		return {
			action: 'deactivate',
			message:
				`${name} is deactivated and signed out everywhere. ${count(assistantsMoved, 'shared assistant')} and ` +
				`${count(promptsMoved, 'shared prompt')} now belong to ${newOwnerName}`
		};
	},

	reactivate: async (event) => {
		const admin = requireAdmin(event);
		const r = await reactivatePerson(admin, event.params.id, { requestId: event.locals.requestId });
		if (!r.ok) return failWith(r.status, 'reactivate', r.message);
		return { action: 'reactivate', message: `${r.value.name} can sign in again` };
	},

	/** Two steps: the first post shows what will go and asks for the typed email; the second deletes. */
	delete: async (event) => {
		const admin = requireAdmin(event);
		const raw = formFields(await event.request.formData(), ['confirmEmail', 'newOwnerId', 'step']);
		if (raw.step !== 'confirm') {
			const person = await personOr404(event);
			if (!person.deactivatedAt) {
				return fail(409, { action: 'delete', message: `Deactivate ${person.name} first`, error: true });
			}
			return { action: 'delete', confirmDelete: true };
		}
		const r = await deletePerson(admin, event.params.id, raw, { requestId: event.locals.requestId });
		if (!r.ok) {
			if (r.status === 400) {
				const field = r.field ?? 'confirmEmail';
				return fail(400, { action: 'delete', confirmDelete: true, message: r.message, field, error: true });
			}
			return failWith(r.status, 'delete', r.message);
		}
		redirect(303, `/admin/users?deleted=${pseudonymRef(event.params.id)}`);
	},

	reset: async (event) => {
		const admin = requireAdmin(event);
		const r = await issueResetLink(admin, event.params.id, event.url.origin, { requestId: event.locals.requestId });
		if (!r.ok) return failWith(r.status, 'reset', r.message);
		return {
			action: 'reset',
			resetUrl: r.value.url,
			expiresAt: r.value.expiresAt.toISOString(),
			name: r.value.name,
			email: r.value.email,
			delivery: r.value.delivery
		};
	}
};

function roleWords(role: 'admin' | 'member'): string {
	return role === 'admin' ? 'an administrator' : 'a member';
}

function count(n: number, noun: string): string {
	return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
