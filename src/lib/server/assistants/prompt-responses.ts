import { json } from '@sveltejs/kit';
import type { PromptResult } from './prompts';

export function notJson(errorId: string): Response {
	return json({ message: 'The request body must be JSON', errorId, errors: {} }, { status: 400 });
}

/** Answers a service result: the value with `status`, or the problem with per-field messages. */
export function respond<T>(result: PromptResult<T>, errorId: string, status = 200): Response {
	if (result.ok) return result.value === null ? new Response(null, { status: 204 }) : json(result.value, { status });
	return json(
		{ message: result.message, errorId, errors: result.fieldErrors ?? {} },
		{ status: result.status, headers: { 'cache-control': 'no-store' } }
	);
}
