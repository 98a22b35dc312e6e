/**
 * The OpenID Connect client (openid-client): discovery, the authorisation request with PKCE, state
 * and nonce, and the code exchange with full ID-token validation (issuer, audience, signature from
 * the provider's keys, nonce, expiry). No token is checked by hand here.
 */
import * as client from 'openid-client';
import type { OidcConfig } from '../config';

/** Discovery is a cache of the provider's public metadata, not state: each instance fetches its own. */
const discovered = new Map<string, Promise<client.Configuration>>();

function configuration(oidc: OidcConfig): Promise<client.Configuration> {
	const key = `${oidc.issuer} ${oidc.clientId}`;
	let found = discovered.get(key);
	if (!found) {
		found = client.discovery(
			new URL(oidc.issuer),
			oidc.clientId,
			oidc.clientSecret,
			undefined,
			oidc.allowInsecure ? { execute: [client.allowInsecureRequests] } : undefined
		);
		discovered.set(key, found);
		found.catch(() => discovered.delete(key));
	}
	return found;
}

export type AuthorisationRequest = { url: URL; state: string; nonce: string; codeVerifier: string };

export async function authorisationRequest(oidc: OidcConfig): Promise<AuthorisationRequest> {
	const config = await configuration(oidc);
	const codeVerifier = client.randomPKCECodeVerifier();
	const state = client.randomState();
	const nonce = client.randomNonce();
	const url = client.buildAuthorizationUrl(config, {
		redirect_uri: oidc.redirectUri,
		scope: oidc.scopes.join(' '),
		code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
		code_challenge_method: 'S256',
		state,
		nonce
	});
	return { url, state, nonce, codeVerifier };
}

export type IdClaims = Record<string, unknown> & { iss: string; sub: string };

/** Exchanges the code from the callback's query string; throws when anything does not check out. */
export async function exchangeCode(
	oidc: OidcConfig,
	search: URLSearchParams,
	checks: { state: string; nonce: string; codeVerifier: string }
): Promise<IdClaims> {
	const config = await configuration(oidc);
	const callback = new URL(oidc.redirectUri);
	callback.search = search.toString();
	const tokens = await client.authorizationCodeGrant(config, callback, {
		pkceCodeVerifier: checks.codeVerifier,
		expectedState: checks.state,
		expectedNonce: checks.nonce,
		idTokenExpected: true
	});
	const claims = tokens.claims();
	if (!claims) throw new Error('The provider returned no ID token');
	return claims as IdClaims;
}
