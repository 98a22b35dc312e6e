import { error } from '@sveltejs/kit';
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
