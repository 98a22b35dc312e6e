/**
 * Calling page loads and form actions directly, as SvelteKit would: a request event with a form body,
 * thrown redirects and errors turned into values a test can check.
 */
import { randomUUID } from 'node:crypto';
import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import type { SessionUser } from '$lib/schemas/user';

/** What a load or action returned. */
type Data = Record<string, unknown>;

export type Outcome =
	| { kind: 'data'; data: Data }
	| { kind: 'fail'; status: number; data: Data }
	| { kind: 'redirect'; status: number; location: string }
	| { kind: 'error'; status: number; body: { message: string; errorId?: string } };

export function pageEvent(
	user: SessionUser | null,
	path: string,
	options: {
		method?: string;
		fields?: Record<string, string>;
		routeId?: string | null;
		params?: Record<string, string>;
	} = {}
) {
	const url = new URL(path, 'http://localhost');
	const body = options.fields ? new URLSearchParams(options.fields) : undefined;
	const request = new Request(url, {
		method: options.method ?? (body ? 'POST' : 'GET'),
		headers: body ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
		body
	});
	return {
		request,
		url,
		params: options.params ?? {},
		locals: { user, session: null, requestId: randomUUID() },
		route: { id: options.routeId ?? null },
		cookies: { get: () => undefined, set: () => {}, delete: () => {}, getAll: () => [], serialize: () => '' },
		getClientAddress: () => '127.0.0.1',
		setHeaders: () => {},
		parent: async () => ({}),
		depends: () => {},
		untrack: <T>(fn: () => T) => fn()
	};
}

/** Runs a load or an action and reports what it did. */
export async function outcome(run: () => unknown): Promise<Outcome> {
	try {
		const result = await run();
		if (isActionFailure(result)) {
			return { kind: 'fail', status: result.status, data: (result.data ?? {}) as Data };
		}
		return { kind: 'data', data: (result ?? {}) as Data };
	} catch (e) {
		if (isRedirect(e)) return { kind: 'redirect', status: e.status, location: e.location };
		if (isHttpError(e)) return { kind: 'error', status: e.status, body: e.body as { message: string } };
		throw e;
	}
}

type Fn = (event: never) => unknown;

/** Calls a form action with these fields as `user`. */
export function callAction(action: Fn, user: SessionUser | null, path: string, fields: Record<string, string>) {
	return outcome(() => action(pageEvent(user, path, { fields }) as never));
}

/** Calls a page load as `user`. */
export function callLoad(load: Fn, user: SessionUser | null, path: string) {
	return outcome(() => load(pageEvent(user, path) as never));
}
