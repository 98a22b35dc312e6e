import { error, json } from '@sveltejs/kit';
import type { z } from 'zod';
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

/** zod issues as one message per field, keyed by dotted path (`intake.questions.2.options`; `form` for the whole). */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = issue.path.join('.') || 'form';
		if (!(key in errors)) errors[key] = issue.message;
	}
	return errors;
}
