import { error, json } from '@sveltejs/kit';
import type { Result } from './service';

/** Answers a service result: the value as JSON, or the status with `{message, errorId, errors?}`. */
export function respond<T>(result: Result<T>, errorId: string, status = 200): Response {
	if (result.ok) return result.value === null ? new Response(null, { status: 204 }) : json(result.value, { status });
	if (result.status === 404) error(404, { message: result.message, errorId });
	return json(
		{ message: result.message, errorId, ...(result.fieldErrors ? { errors: result.fieldErrors } : {}) },
		{ status: result.status }
	);
}

/** Reads a JSON body; a body that is not JSON is a 400 with a plain message. */
export async function readJson(
	request: Request,
	errorId: string,
	options: { optional?: boolean } = {}
): Promise<unknown> {
	const text = await request.text();
	if (!text.trim() && options.optional) return {};
	try {
		return JSON.parse(text);
	} catch {
		error(400, { message: 'The request body must be JSON', errorId });
	}
}
