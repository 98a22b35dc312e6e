import { error, json } from '@sveltejs/kit';
import type { z } from 'zod';

/** Reads a JSON body with a schema; anything else is a 400 whose message says what to fix. */
export async function parseJsonBody<T extends z.ZodType>(
	request: Request,
	schema: T,
	errorId: string,
	options: { optional?: boolean } = {}
): Promise<z.infer<T>> {
	let body: unknown;
	const text = await request.text();
	if (!text.trim() && options.optional) body = {};
	else {
		try {
			body = JSON.parse(text);
		} catch {
			error(400, { message: 'The request body must be JSON', errorId });
		}
	}
	const parsed = schema.safeParse(body);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const message =
			issue.code === 'invalid_type' && issue.path.length === 0
				? 'The request body must be a JSON object'
				: issue.message;
		error(400, { message, errorId });
	}
	return parsed.data;
}

/**
 * Reads a JSON body with a schema, answering a problem with 400 `{ message, errorId, errors }` where
 * `errors` has a message for each field that needs fixing (for forms that show them beside the field).
 */
export async function parseJsonFields<T extends z.ZodType>(
	request: Request,
	schema: T,
	errorId: string
): Promise<{ ok: true; data: z.infer<T> } | { ok: false; response: Response }> {
	let body: unknown;
	try {
		body = JSON.parse(await request.text());
	} catch {
		return { ok: false, response: json({ message: 'The request body must be JSON', errorId }, { status: 400 }) };
	}
	const parsed = schema.safeParse(body);
	if (parsed.success) return { ok: true, data: parsed.data };
	const errors: Record<string, string> = {};
	for (const issue of parsed.error.issues) {
		const field = issue.path.length ? issue.path.join('.') : '';
		if (field && !(field in errors)) errors[field] = issue.message;
	}
	const first = parsed.error.issues[0];
	const message =
		first.path.length === 0 && first.code === 'invalid_type' ? 'The request body must be a JSON object' : first.message;
	return { ok: false, response: json({ message, errorId, errors }, { status: 400 }) };
}
