import type { Handle } from '@sveltejs/kit';

/**
 * Cross-site request forgery protection, in place of SvelteKit's own origin check (turned off in
 * svelte.config.js) so that a refusal can say why, and so that every loopback name of a local
 * server is accepted: people open http://127.0.0.1:3000 as often as http://localhost:3000.
 */
export const originCheck: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	if (!UNSAFE_METHODS.has(request.method)) return resolve(event);
	const origin = request.headers.get('origin');
	// Requests without an Origin header come from scripts and tools, not browsers, unless they are
	// forms: browsers always send Origin with a form post, so one without it is refused (as SvelteKit does).
	if (origin === null ? !isFormContentType(request) : sameSite(origin, url)) return resolve(event);
	return refuse(origin, url, event.locals.requestId, wantsJson(request, url));
};

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isFormContentType(request: Request): boolean {
	const type = (request.headers.get('content-type') ?? '').split(';', 1)[0].trim().toLowerCase();
	return FORM_TYPES.includes(type);
}

/** The app's own origin, or (for an app served on a loopback address) another loopback name for it. */
export function sameSite(origin: string, appUrl: URL): boolean {
	if (origin === appUrl.origin) return true;
	let from: URL;
	try {
		from = new URL(origin);
	} catch {
		return false;
	}
	return (
		LOOPBACK_HOSTS.has(from.hostname) &&
		LOOPBACK_HOSTS.has(appUrl.hostname) &&
		from.protocol === appUrl.protocol &&
		from.port === appUrl.port
	);
}

function wantsJson(request: Request, url: URL): boolean {
	return url.pathname.startsWith('/api/') || (request.headers.get('accept') ?? '').includes('application/json');
}

function refuse(origin: string | null, url: URL, errorId: string, json: boolean): Response {
	const from = origin ?? 'a page that did not say where it was';
	const message =
		`This form was sent from ${from}, but this service is set up to be used at ${url.origin}. ` +
		`Open the service at ${url.origin} and try again. If that is not the address people use, ` +
		`whoever runs the service must set ORIGIN to it (for example ORIGIN=https://comms.example.nhs.uk) and restart it.`;
	const headers = { 'cache-control': 'no-store' };
	if (json) return Response.json({ message, errorId }, { status: 403, headers });
	return new Response(refusalPage(message, errorId), {
		status: 403,
		headers: { ...headers, 'content-type': 'text/html; charset=utf-8' }
	});
}

const escapeHtml = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function refusalPage(message: string, errorId: string): string {
	return `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>The form could not be sent – NHS Comms Assist</title>
<style>body{margin:0;font-family:arial,sans-serif;color:#212b32;background:#f0f4f5;line-height:1.5}
header{background:#005eb8;color:#fff;padding:16px;font-weight:bold;font-size:1.2rem}
main{max-width:960px;margin:0 auto;padding:24px 16px;overflow-wrap:anywhere}a{color:#005eb8}
a:focus{background:#ffeb3b;color:#212b32;outline:4px solid transparent;box-shadow:0 4px 0 #212b32}
code{font-size:1rem}</style></head>
<body><header>NHS Comms Assist</header>
<main id="main-content"><h1>The form could not be sent</h1>
<p>${escapeHtml(message)}</p>
<p>Nothing you typed was saved by this attempt. Go back, copy anything you need, then open the service at its usual address.</p>
<p>Error reference: <code>${escapeHtml(errorId)}</code></p>
<p><a href="/">Go to the home page</a></p></main></body></html>`;
}
