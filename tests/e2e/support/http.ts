/**
 * Plain HTTP, the way a browser without JavaScript talks to the app: HTML requested, form-encoded
 * posts with an Origin header, redirects not followed so that each step can be checked.
 */
export const SESSION_COOKIE = 'nhs_comms_session';

/** A session the way a browser would keep it: only the cookie value. */
export type Cookie = string | undefined;

export type Client = {
	origin: string;
	get(path: string, cookie?: Cookie): Promise<Response>;
	post(path: string, fields: Record<string, string>, options?: { cookie?: Cookie; origin?: string }): Promise<Response>;
};

function headers(cookie: Cookie, extra: Record<string, string> = {}): Record<string, string> {
	return { accept: 'text/html', ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}), ...extra };
}

export function client(origin: string): Client {
	return {
		origin,
		get: (path, cookie) => fetch(new URL(path, origin), { redirect: 'manual', headers: headers(cookie) }),
		post: (path, fields, options = {}) =>
			fetch(new URL(path, origin), {
				method: 'POST',
				redirect: 'manual',
				headers: headers(options.cookie, {
					origin: options.origin ?? origin,
					'content-type': 'application/x-www-form-urlencoded'
				}),
				body: new URLSearchParams(fields).toString()
			})
	};
}

/** The raw Set-Cookie header for the session cookie, if the response sets one. */
export function sessionSetCookie(res: Response): string | undefined {
	return res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
}

/** The session token a response hands out (undefined when it sets none, or clears it). */
export function sessionToken(res: Response): string | undefined {
	const header = sessionSetCookie(res);
	const value = header?.slice(SESSION_COOKIE.length + 1).split(';')[0];
	return value ? value : undefined;
}

/** Whether the response tells the browser to forget the session cookie. */
export function clearsSession(res: Response): boolean {
	const header = sessionSetCookie(res);
	if (!header) return false;
	return header.startsWith(`${SESSION_COOKIE}=;`) && /max-age=0|expires=thu, 01 jan 1970/i.test(header);
}

/** Text a person would read: tags stripped, entities for quotes decoded, whitespace collapsed. */
export function visibleText(html: string): string {
	return html
		.replace(/<script[\s\S]*?<\/script>/gi, ' ')
		.replace(/<style[\s\S]*?<\/style>/gi, ' ')
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&#39;|&#x27;/g, "'")
		.replace(/&quot;/g, '"')
		.replace(/&amp;/g, '&')
		.replace(/\s+/g, ' ')
		.trim();
}

/** The messages listed in the NHS error summary ("There is a problem"), in order. */
export function errorSummary(html: string): string[] {
	const summary = html.match(/<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/)?.[0];
	if (!summary) return [];
	return [...summary.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => visibleText(m[1]));
}

export type Account = { name: string; email: string; password: string };

let counter = 0;
/** A new account's details; emails are unique per run so PostgreSQL runs never collide. */
export function newAccount(name = 'Test Person'): Account {
	counter += 1;
	const tag = `${Date.now().toString(36)}${counter}`;
	return { name, email: `${name.split(' ')[0].toLowerCase()}.${tag}@nhs.net`, password: 'plum kettle harbour lantern' };
}

/**
 * Signs up through the plain form; returns the session cookie value (throws if none is set). The new
 * person accepts the acceptable-use statement too, as everyone must before using the workspace, unless
 * `accept` is false (for tests of that first visit).
 */
export async function signUp(http: Client, account: Account, options: { accept?: boolean } = {}): Promise<string> {
	const res = await http.post('/sign-up', { ...account });
	const token = sessionToken(res);
	if (res.status !== 303 || !token) {
		throw new Error(`Sign-up for ${account.email} failed with ${res.status}: ${errorSummary(await res.text())}`);
	}
	if (options.accept !== false) await acceptStatement(http, token);
	return token;
}

/** Accepts the current acceptable-use statement through the API as the person with this session. */
export async function acceptStatement(http: Client, cookie: string): Promise<number> {
	const headers = { cookie: `${SESSION_COOKIE}=${cookie}`, accept: 'application/json' };
	const current = await fetch(new URL('/api/acceptable-use', http.origin), { headers });
	if (current.status !== 200) throw new Error(`Reading the acceptable-use statement failed with ${current.status}`);
	const { version } = (await current.json()) as { version: number };
	const res = await fetch(new URL('/api/acceptable-use', http.origin), {
		method: 'POST',
		headers: { ...headers, 'content-type': 'application/json', origin: http.origin },
		body: JSON.stringify({ version })
	});
	if (res.status !== 200) throw new Error(`Accepting the acceptable-use statement failed with ${res.status}`);
	return version;
}

export async function signIn(http: Client, email: string, password: string): Promise<string> {
	const res = await http.post('/sign-in', { email, password });
	const token = sessionToken(res);
	if (res.status !== 303 || !token) {
		throw new Error(`Sign-in for ${email} failed with ${res.status}: ${errorSummary(await res.text())}`);
	}
	return token;
}
