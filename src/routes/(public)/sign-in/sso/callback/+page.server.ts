import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { startSession } from '$lib/server/auth/sign-in-steps';
import {
	accountForIdentity,
	applyGroups,
	finishSso,
	linkIdentity,
	NOT_IN_ALLOWED_GROUPS,
	refuseOutsideAllowedGroups,
	requireOidc,
	SsoCallbackError
} from '$lib/server/auth/sso';
import { safeRedirectTarget } from '$lib/server/authz/guards';
import { setFlash } from '$lib/server/flash';
import { audit } from '$lib/server/governance/audit';
import type { PageServerLoad } from './$types';

function fail(event: Pick<RequestEvent, 'locals'>, status: number, message: string): never {
	error(status, { message, errorId: event.locals.requestId });
}

/** `{ORIGIN}/sign-in/sso/callback`: where the provider sends people back with a code. */
export const load: PageServerLoad = async (event) => {
	const oidc = requireOidc(event);
	let result;
	try {
		result = await finishSso(event.cookies, oidc, event.url.searchParams);
	} catch (e) {
		if (e instanceof SsoCallbackError) fail(event, e.status, e.message);
		throw e;
	}
	const { profile, flow, flowUserId } = result;

	if (flow.mode === 'link') {
		const user = event.locals.user;
		if (!user || user.id !== flowUserId)
			fail(event, 400, 'Sign in again, then link your NHS account from Your account.');
		const linked = await linkIdentity(event, user.id, profile);
		if (!linked.ok) fail(event, 409, linked.message);
		setFlash(event.cookies, '/account', 'Your NHS account is linked. You can now sign in with it.');
		redirect(303, '/account');
	}

	if (profile.groups === null && (oidc.adminGroups.length || oidc.teamGroups.length || oidc.allowedGroups.length)) {
		await audit(event, 'auth.sso_refused', { actorId: null, details: { reason: 'group_overage' } });
		fail(
			event,
			403,
			'Your organisation’s sign-in did not list your groups, so we cannot tell your access. Ask your IT team to send only the groups assigned to this application.'
		);
	}
	if (await refuseOutsideAllowedGroups(event, oidc, profile)) fail(event, 403, NOT_IN_ALLOWED_GROUPS);
	const account = await accountForIdentity(profile);
	if (!account.ok) {
		await audit(event, 'auth.sso_refused', { actorId: null, details: { reason: account.reason } });
		fail(event, account.status, account.message);
	}
	if (account.created) {
		await audit(event, 'user.created', {
			actorId: null,
			targetType: 'user',
			targetId: account.user.id,
			details: { via: 'single sign-on', role: account.user.role }
		});
	}
	if (account.invitation) {
		await audit(event, 'user.invitation_accepted', {
			actorId: account.user.id,
			targetType: 'user',
			targetId: account.user.id,
			details: { role: account.invitation.role, invitedBy: account.invitation.invitedBy, via: 'single sign-on' }
		});
	}
	await applyGroups(event, oidc, account.user, profile.groups ?? []);
	await startSession(event, account.user.id, 'sso');
	redirect(303, safeRedirectTarget(flow.redirectTo));
};
