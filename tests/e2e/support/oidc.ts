/**
 * A real OpenID Connect provider (`oidc-provider`) on 127.0.0.1 for single sign-on tests, with its
 * development login screens (any login name and password are accepted). The test decides each
 * login's claims, including groups, and can change them between sign-ins.
 */
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';
import { freePort } from './server';

export type AccountClaims = {
	email?: string;
	name?: string;
	groups?: string[];
	oid?: string;
	email_verified?: boolean;
};

export type TestProvider = {
	issuer: string;
	clientId: string;
	clientSecret: string;
	/** What the provider says about `login` from the next token on. */
	setAccount(login: string, claims: AccountClaims): void;
	/** Environment variables that point the app at this provider. */
	env: Record<string, string>;
	/** Registers the app's redirect URI (the app's port is known only once it has started). */
	allowApp(appOrigin: string): Promise<void>;
	stop(): Promise<void>;
};

/** Picks the provider's port first, so the app can be started with OIDC_ISSUER already known. */
export async function startProvider(): Promise<TestProvider> {
	const port = await freePort();
	const issuer = `http://127.0.0.1:${port}`;
	const clientId = 'nhs-comms-assist-test';
	const clientSecret = 'a-long-test-client-secret-that-is-not-real';
	const accounts = new Map<string, AccountClaims>();
	const redirectUris: string[] = [];
	let provider: Provider | undefined;
	let server: Server | undefined;

	const start = () => {
		provider = new Provider(issuer, {
			clients: [
				{
					client_id: clientId,
					client_secret: clientSecret,
					redirect_uris: redirectUris,
					grant_types: ['authorization_code'],
					response_types: ['code']
				}
			],
			claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups', 'oid'] },
			// Entra puts the requested claims in the ID token; so does this provider here.
			conformIdTokenClaims: false,
			findAccount: (_ctx, id) => ({
				accountId: id,
				claims: () => ({ sub: id, ...(accounts.get(id) ?? {}) })
			}),
			cookies: { keys: ['test-cookie-signing-key'] },
			features: { devInteractions: { enabled: true } }
		});
		server = createServer(provider.callback());
		return new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', () => resolve()));
	};

	return {
		issuer,
		clientId,
		clientSecret,
		env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret },
		setAccount: (login, claims) => accounts.set(login, claims),
		async allowApp(appOrigin) {
			if (server) throw new Error('The provider has already started with its client');
			redirectUris.push(`${appOrigin}/sign-in/sso/callback`);
			await start();
		},
		async stop() {
			await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
		}
	};
}

/** Cookies per origin, the way a browser keeps them (paths ignored: names do not clash here). */
export class CookieJar {
	private readonly byOrigin = new Map<string, Map<string, string>>();

	store(url: URL, res: Response): void {
		const jar = this.byOrigin.get(url.origin) ?? new Map<string, string>();
		for (const header of res.headers.getSetCookie()) {
			const [pair] = header.split(';');
			const at = pair.indexOf('=');
			const name = pair.slice(0, at).trim();
			const value = pair.slice(at + 1).trim();
			if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(header)) jar.delete(name);
			else jar.set(name, value);
		}
		this.byOrigin.set(url.origin, jar);
	}

	header(url: URL): string {
		return [...(this.byOrigin.get(url.origin) ?? [])].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	get(origin: string, name: string): string | undefined {
		return this.byOrigin.get(origin)?.get(name);
	}
}

export async function request(
	jar: CookieJar,
	url: URL,
	init: { method?: string; form?: Record<string, string>; accept?: string } = {}
) {
	const res = await fetch(url, {
		method: init.method ?? (init.form ? 'POST' : 'GET'),
		redirect: 'manual',
		headers: {
			accept: init.accept ?? 'text/html',
			cookie: jar.header(url),
			...(init.form ? { 'content-type': 'application/x-www-form-urlencoded', origin: url.origin } : {})
		},
		body: init.form ? new URLSearchParams(init.form).toString() : undefined
	});
	jar.store(url, res);
	return res;
}

/**
 * Starts SSO at the app and goes through the provider's login and consent screens as `login`,
 * following redirects, and stops just before the app's callback. Returns the callback URL.
 */
export async function throughProvider(
	jar: CookieJar,
	appOrigin: string,
	login: string,
	start = '/sign-in/sso'
): Promise<URL> {
	let url = new URL(start, appOrigin);
	let form: Record<string, string> | undefined;
	for (let step = 0; step < 20; step++) {
		if (url.pathname === '/sign-in/sso/callback') return url;
		const res = await request(jar, url, { form });
		form = undefined;
		const location = res.headers.get('location');
		if (res.status >= 300 && res.status < 400 && location) {
			url = new URL(location, url);
			continue;
		}
		const html = await res.text();
		if (res.status !== 200) throw new Error(`SSO stopped at ${url} with ${res.status}: ${html.slice(0, 500)}`);
		const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1];
		const prompt = html.match(/name="prompt" value="(\w+)"/)?.[1];
		if (!action || !prompt) throw new Error(`No provider form at ${url}: ${html.slice(0, 500)}`);
		url = new URL(action.replace(/&amp;/g, '&'), url);
		form = prompt === 'login' ? { prompt, login, password: 'any password' } : { prompt };
	}
	throw new Error('SSO did not reach the callback within 20 steps');
}

/** The whole round trip; returns the app's answer to the callback. */
export async function ssoSignIn(jar: CookieJar, appOrigin: string, login: string): Promise<Response> {
	const callback = await throughProvider(jar, appOrigin, login);
	return request(jar, callback);
}
