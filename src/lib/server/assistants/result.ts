/**
 * What a service function returns, and the field-error mapping its validation uses. Kept apart from
 * http.ts (which turns a result into a response) so the services never import the HTTP layer.
 */
import type { z } from 'zod';

export type Result<T> =
	| { ok: true; value: T }
	| { ok: false; status: 400 | 403 | 404 | 409; message: string; fieldErrors?: Record<string, string> };

/** zod issues as one message per field, keyed by dotted path (`intake.questions.2.options`; `form` for the whole). */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = issue.path.join('.') || 'form';
		if (!(key in errors)) errors[key] = issue.message;
	}
	return errors;
}
