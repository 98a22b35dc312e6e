/** Pure reading of ID-token claims and group mappings, so the rules can be tested on their own. */
import type { OidcConfig } from '../config';

export type SsoProfile = {
	issuer: string;
	/** Entra's immutable object id (`oid`) when present, otherwise `sub`. */
	subject: string;
	email: string | null;
	name: string;
	/** Null when the provider said there were too many groups to list (Entra "group overage"). */
	groups: string[] | null;
	emailUnverified: boolean;
	/**
	 * The provider vouches for `email`: the `email` claim itself (not a user name that looks like one)
	 * with `email_verified: true`, or Entra's `xms_edov` (the domain's owner verified it). Only such an
	 * address may claim an invitation.
	 */
	emailVerified: boolean;
};

function truthy(value: unknown): boolean {
	return value === true || value === 'true' || value === 1 || value === '1';
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** What the app needs from validated ID-token claims. */
export function profileFromClaims(claims: Record<string, unknown>, groupsClaim: string): SsoProfile {
	const emailClaim = [claims.email, claims.preferred_username, claims.upn].map(text).find((v) => v && EMAIL.test(v));
	const email = emailClaim ? emailClaim.toLowerCase() : null;
	const raw = claims[groupsClaim];
	const names = claims._claim_names as Record<string, unknown> | undefined;
	const overage = raw === undefined && !!names && typeof names === 'object' && groupsClaim in names;
	const groups = overage
		? null
		: Array.isArray(raw)
			? raw.filter((g): g is string => typeof g === 'string')
			: typeof raw === 'string'
				? [raw]
				: [];
	const name =
		text(claims.name) ??
		([text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ') ||
			email?.split('@')[0] ||
			'NHS colleague');
	return {
		issuer: String(claims.iss),
		subject: text(claims.oid) ?? String(claims.sub),
		email,
		name: name.slice(0, 200),
		groups,
		emailUnverified: claims.email_verified === false,
		emailVerified:
			email !== null &&
			text(claims.email)?.toLowerCase() === email &&
			(truthy(claims.email_verified) || truthy(claims.xms_edov))
	};
}

/** Group ids or names compare case-insensitively (Entra ids are GUIDs, names are typed by people). */
function inGroups(groups: string[], wanted: string): boolean {
	const w = wanted.toLowerCase();
	return groups.some((g) => g.toLowerCase() === w);
}

/** The role the groups give, or null when no admin groups are configured (roles are then managed in the app). */
export function roleFromGroups(oidc: Pick<OidcConfig, 'adminGroups'>, groups: string[]): 'admin' | 'member' | null {
	if (oidc.adminGroups.length === 0) return null;
	return oidc.adminGroups.some((g) => inGroups(groups, g)) ? 'admin' : 'member';
}

/** Every mapped team name, with whether the person's groups place them in it. */
export function teamsFromGroups(oidc: Pick<OidcConfig, 'teamGroups'>, groups: string[]): Map<string, boolean> {
	const teams = new Map<string, boolean>();
	for (const { group, team } of oidc.teamGroups) {
		teams.set(team, (teams.get(team) ?? false) || inGroups(groups, group));
	}
	return teams;
}

/** Whether the groups let this person use the app: true when no allowed groups are configured. */
export function allowedByGroups(oidc: Pick<OidcConfig, 'allowedGroups'>, groups: string[]): boolean {
	return oidc.allowedGroups.length === 0 || oidc.allowedGroups.some((g) => inGroups(groups, g));
}
