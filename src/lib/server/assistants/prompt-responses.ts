import { json } from '@sveltejs/kit';
import type { PromptResult } from './prompts';

/** Reads a JSON body; null when it is not JSON (the caller answers 400). */
export async function readJson(request: Request): Promise<{ ok: true; body: unknown } | { ok: false }> {
	try {
		return { ok: true, body: JSON.parse(await request.text()) };
	} catch {
		return { ok: false };
	}
}

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
