/**
 * Single sign-on: the round trip (state, nonce and PKCE verifier kept as a database-backed flow), and
 * what a validated identity means for accounts: matched by issuer and subject, never by email alone.
 */
import { error, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { getConfig, type OidcConfig } from '../config';
import { findIdentity, insertIdentity, touchIdentity } from '../db/queries/auth';
import { findTeamByName, findOrCreateTeamByName, removeGroupMembership } from '../db/queries/sso-teams';
import { addTeamMember } from '../db/queries/teams';
import { createUser, findUserByEmail, findUserById, setUserRole, type PublicUser } from '../db/queries/users';
import { audit } from '../governance/audit';
import { emailDomainAllowed } from './accounts';
import { beginFlow, takeFlow } from './flows';
import { authorisationRequest, exchangeCode } from './oidc';
import { allowedByGroups, profileFromClaims, roleFromGroups, teamsFromGroups, type SsoProfile } from './sso-profile';
import {
	deactivateWithoutHandover,
	findLiveInvitationFor,
	isDeactivated,
	markAccountTokenUsed
} from '../db/queries/people';

type Event = Pick<RequestEvent, 'locals' | 'cookies'>;

/** The SSO settings, or a 404: the routes do not exist when single sign-on is not configured. */
export function requireOidc(event: Pick<RequestEvent, 'locals'>): OidcConfig {
	const oidc = getConfig().auth.oidc;
	if (!oidc) error(404, { message: 'Page not found', errorId: event.locals.requestId });
	return oidc;
}

export type SsoIntent = { mode: 'sign-in'; redirectTo: string } | { mode: 'link'; userId: string };

/** Starts the authorisation-code flow; returns the provider's URL to send the browser to. */
export async function startSso(cookies: Cookies, oidc: OidcConfig, intent: SsoIntent): Promise<string> {
	const request = await authorisationRequest(oidc);
	await beginFlow(cookies, 'sso', {
		userId: intent.mode === 'link' ? intent.userId : null,
		data: {
			state: request.state,
			nonce: request.nonce,
			codeVerifier: request.codeVerifier,
			mode: intent.mode,
			redirectTo: intent.mode === 'sign-in' ? intent.redirectTo : '/account'
		}
	});
	return request.url.toString();
}

export class SsoCallbackError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
	}
}

const EXPIRED = 'This sign-in link has expired or has already been used. Go back to the sign-in page and start again.';

type FlowData = { state: string; nonce: string; codeVerifier: string; mode: 'sign-in' | 'link'; redirectTo: string };

/** Finishes the round trip: the flow is used up first, so a replayed callback always fails. */
export async function finishSso(
	cookies: Cookies,
	oidc: OidcConfig,
	search: URLSearchParams
): Promise<{ profile: SsoProfile; flow: FlowData; flowUserId: string | null }> {
	const flow = await takeFlow(cookies, 'sso');
	if (!flow) throw new SsoCallbackError(400, EXPIRED);
	const data = flow.data as FlowData;
	if (search.get('state') !== data.state) throw new SsoCallbackError(400, EXPIRED);
	if (search.get('error')) {
		throw new SsoCallbackError(
			400,
			'Your organisation’s sign-in did not complete. Go back to the sign-in page and try again.'
		);
	}
	let claims;
	try {
		claims = await exchangeCode(oidc, search, data);
	} catch (e) {
		console.warn('Single sign-on callback refused:', (e as Error).message);
		throw new SsoCallbackError(
			400,
			'We could not confirm your sign-in with your organisation. Go back to the sign-in page and try again.'
		);
	}
	return { profile: profileFromClaims(claims, oidc.groupsClaim), flow: data, flowUserId: flow.userId };
}

/** An administrator's invitation that a first SSO sign-in used: the role came from it. */
export type UsedInvitation = { role: 'admin' | 'member'; invitedBy: string | null };

export type SsoAccount =
	| { ok: true; user: PublicUser; created: boolean; invitation?: UsedInvitation }
	| {
			ok: false;
			status: number;
			reason: 'no_email' | 'email_unverified' | 'domain' | 'email_in_use' | 'deactivated';
			message: string;
	  };

/** The account this identity signs into, created on first sign-in; refusals say what to do. */
export async function accountForIdentity(profile: SsoProfile): Promise<SsoAccount> {
	const linked = await findIdentity(profile.issuer, profile.subject);
	if (linked) {
		const user = await findUserById(linked.userId);
		if (user && (await isDeactivated(user.id))) {
			// A leaver: no session, no role or team refreshed from their groups.
			return {
				ok: false,
				status: 403,
				reason: 'deactivated',
				message: 'Your account here has been deactivated. If you still need access, ask an administrator.'
			};
		}
		if (user) {
			await touchIdentity(profile.issuer, profile.subject);
			return { ok: true, user, created: false };
		}
	}
	if (!profile.email) {
		return {
			ok: false,
			status: 403,
			reason: 'no_email',
			message:
				'Your organisation’s sign-in did not share an email address, so we cannot create your account. Ask your IT team to include the email claim.'
		};
	}
	if (profile.emailUnverified) {
		return {
			ok: false,
			status: 403,
			reason: 'email_unverified',
			message: 'Your organisation’s sign-in says your email address is not verified. Ask your IT team for help.'
		};
	}
	if (await findUserByEmail(profile.email)) return emailInUse();
	// An invitation is claimed only by an address the provider vouches for, never by a look-alike name.
	const invitation = profile.emailVerified ? await claimInvitation(profile.email) : undefined;
	if (!invitation && !emailDomainAllowed(profile.email)) {
		const list = getConfig()
			.auth.allowedEmailDomains.map((d) => `@${d}`)
			.join(' or ');
		return {
			ok: false,
			status: 403,
			reason: 'domain',
			message: `NHS Comms Assist is only for email addresses ending ${list}.`
		};
	}
	try {
		const user = await createUser({
			email: profile.email,
			name: profile.name,
			passwordHash: null,
			role: invitation?.role
		});
		if (!(await insertIdentity(user.id, profile.issuer, profile.subject))) {
			// Another sign-in for this identity won the race; use the account it linked.
			return accountForIdentity(profile);
		}
		return { ok: true, user, created: true, ...(invitation ? { invitation } : {}) };
	} catch (e) {
		if ((e as Error).name === 'EmailTakenError') return emailInUse();
		throw e;
	}
}

/** Uses the live invitation for this address, once (two sign-ins at the same moment cannot both). */
async function claimInvitation(email: string): Promise<UsedInvitation | undefined> {
	const row = await findLiveInvitationFor(email);
	if (!row || !(await markAccountTokenUsed(row.id))) return undefined;
	return { role: row.role, invitedBy: row.createdBy };
}

function emailInUse(): SsoAccount {
	return {
		ok: false,
		status: 409,
		reason: 'email_in_use',
		message:
			'An account with your email address already exists. Sign in with your email address and password, then choose “Link your NHS account” on the Your account page. After that you can use single sign-on.'
	};
}

/** Brings role and mapped teams in line with the groups in this sign-in, auditing every change. */
export async function applyGroups(
	event: Event,
	oidc: OidcConfig,
	user: PublicUser,
	groups: string[]
): Promise<PublicUser> {
	const role = roleFromGroups(oidc, groups);
	let current = user;
	if (role && role !== user.role) {
		current = (await setUserRole(user.id, role)) ?? user;
		await audit(event, 'user.role_changed', {
			actorId: null,
			targetType: 'user',
			targetId: user.id,
			details: { before: user.role, after: role, via: 'single sign-on groups' }
		});
	}
	for (const [teamName, member] of teamsFromGroups(oidc, groups)) {
		const team = member ? await findOrCreateTeamByName(teamName) : await findTeamByName(teamName);
		if (!team) continue;
		if (member && (await addTeamMember(team.id, user.id, 'member'))) {
			await audit(event, 'team.member_added', {
				actorId: null,
				targetType: 'team',
				targetId: team.id,
				details: { userId: user.id, role: 'member', via: 'single sign-on groups' }
			});
		} else if (!member && (await removeGroupMembership(team.id, user.id))) {
			await audit(event, 'team.member_removed', {
				actorId: null,
				targetType: 'team',
				targetId: team.id,
				details: { userId: user.id, via: 'single sign-on groups' }
			});
		}
	}
	return current;
}

/** Links this identity to the signed-in account; refuses one linked elsewhere or another email. */
export async function linkIdentity(
	event: Event,
	userId: string,
	profile: SsoProfile
): Promise<{ ok: true } | { ok: false; message: string }> {
	const user = await findUserById(userId);
	if (!user) return { ok: false, message: EXPIRED };
	const existing = await findIdentity(profile.issuer, profile.subject);
	if (existing && existing.userId !== userId) {
		return { ok: false, message: 'That NHS account is already linked to a different NHS Comms Assist account.' };
	}
	if (!existing) {
		if (profile.email !== user.email.toLowerCase()) {
			return {
				ok: false,
				message:
					'That NHS account has a different email address from this account, so it cannot be linked. Sign in to your organisation with the same email address.'
			};
		}
		if (!(await insertIdentity(userId, profile.issuer, profile.subject))) {
			return { ok: false, message: 'That NHS account is already linked to a different NHS Comms Assist account.' };
		}
		await audit(event, 'auth.sso_linked', { actorId: userId, targetType: 'user', targetId: userId });
	}
	return { ok: true };
}

export const NOT_IN_ALLOWED_GROUPS =
	'Your organisation does not give you access to NHS Comms Assist: you are not in a group allowed to use it. If you need access, ask your IT team to add you to the right group.';

/**
 * With OIDC_ALLOWED_GROUPS set, someone outside them is refused; an account they already have is
 * deactivated there and then (every session ends), and audited. Returns true when they are refused.
 */
export async function refuseOutsideAllowedGroups(
	event: Event,
	oidc: OidcConfig,
	profile: SsoProfile
): Promise<boolean> {
	if (allowedByGroups(oidc, profile.groups ?? [])) return false;
	const linked = await findIdentity(profile.issuer, profile.subject);
	if (linked) {
		const sessionsEnded = await deactivateWithoutHandover(linked.userId);
		if (sessionsEnded !== null) {
			await audit(event, 'user.deactivated', {
				actorId: null,
				targetType: 'user',
				targetId: linked.userId,
				details: { via: 'single sign-on groups', reason: 'not_in_allowed_groups', sessionsEnded }
			});
		}
	}
	await audit(event, 'auth.sso_refused', {
		actorId: null,
		details: { reason: 'not_in_allowed_groups', ...(linked ? { userId: linked.userId } : {}) }
	});
	return true;
}
