import { error, json } from '@sveltejs/kit';
import type { Result } from './result';

/** Answers a service result: the value as JSON, or the status with `{message, errorId, errors?}`. */
export function respond<T>(result: Result<T>, errorId: string, status = 200): Response {
	if (result.ok) return result.value === null ? new Response(null, { status: 204 }) : json(result.value, { status });
	if (result.status === 404) error(404, { message: result.message, errorId });
	return json(
		{ message: result.message, errorId, ...(result.fieldErrors ? { errors: result.fieldErrors } : {}) },
		{ status: result.status }
	);
}

/** Reads a JSON body without deciding the answer: `ok: false` when it is not JSON. */
export async function readJsonBody(request: Request): Promise<{ ok: true; body: unknown } | { ok: false }> {
	try {
		return { ok: true, body: JSON.parse(await request.text()) };
	} catch {
		return { ok: false };
	}
}

/** Reads a JSON body; a body that is not JSON is a 400 with a plain message. */
export async function readJson(request: Request, errorId: string): Promise<unknown> {
	const read = await readJsonBody(request);
	if (!read.ok) error(400, { message: 'The request body must be JSON', errorId });
	return read.body;
}
