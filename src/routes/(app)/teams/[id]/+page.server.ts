import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { formFields } from '$lib/schemas/auth';
import type { SessionUser } from '$lib/schemas/user';
import { requireUser } from '$lib/server/authz/guards';
import { takeFlash } from '$lib/server/flash';
import { inviteMember, withdrawInvitation } from '$lib/server/teams/invitations';
import { changeMemberRole, getTeam, roleLabel } from '$lib/server/teams/service';
import { formatDate } from '$lib/utils/dates';
import type { Actions, PageServerLoad } from './$types';

async function teamOr404(event: RequestEvent<{ id: string }>, user: SessionUser) {
	const team = await getTeam(user, event.params.id);
	if (!team) error(404, { message: 'Team not found', errorId: event.locals.requestId });
	return team;
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const team = await teamOr404(event, user);
	return { team, me: user.id, flash: takeFlash(event.cookies, '/teams') };
};

export const actions: Actions = {
	invite: async (event) => {
		const user = requireUser(event);
		await teamOr404(event, user);
		const raw = formFields(await event.request.formData(), ['email', 'role']);
		const values = { email: raw.email ?? '', role: raw.role ?? 'member' };
		const result = await inviteMember(user, event.params.id, values, { requestId: event.locals.requestId });
		if (!result.ok) {
			if (result.status === 403) error(403, { message: result.message, errorId: event.locals.requestId });
			return fail(result.status, { action: 'invite', values, errors: result.fieldErrors ?? { email: result.message } });
		}
		const { email, role, renewed, expiresAt } = result.value;
		// The same words whether or not the address has an account.
		const message =
			`${renewed ? 'Invitation renewed' : 'Invitation sent'}: ${email} is invited to join as ${roleLabel(role)} ` +
			`until ${formatDate(expiresAt.toISOString())}. They join once they accept it in NHS Comms Assist, ` +
			`where it is waiting for them when they sign in with that address`;
		return { action: 'invite', message };
	},

	withdraw: async (event) => {
		const user = requireUser(event);
		await teamOr404(event, user);
		const raw = formFields(await event.request.formData(), ['invitationId']);
		const result = await withdrawInvitation(user, event.params.id, raw, { requestId: event.locals.requestId });
		if (!result.ok) {
			if (result.status === 403) error(403, { message: result.message, errorId: event.locals.requestId });
			return fail(result.status, { action: 'withdraw', errors: { form: result.message } });
		}
		return { action: 'withdraw', message: `The invitation for ${result.value.email} was withdrawn` };
	},

	role: async (event) => {
		const user = requireUser(event);
		await teamOr404(event, user);
		const raw = formFields(await event.request.formData(), ['userId', 'role']);
		const result = await changeMemberRole(user, event.params.id, raw, { requestId: event.locals.requestId });
		if (!result.ok) {
			if (result.status === 403) error(403, { message: result.message, errorId: event.locals.requestId });
			// Keyed by the row's select so the error summary links to it.
			return fail(result.status, { action: 'role', errors: { [`role-${raw.userId ?? ''}`]: result.message } });
		}
		const { name, role, changed } = result.value;
		return {
			action: 'role',
			message: changed ? `${name} is now ${roleLabel(role)}` : `${name} is already ${roleLabel(role)}`
		};
	}
};
