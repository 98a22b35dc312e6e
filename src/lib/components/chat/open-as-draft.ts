/**
 * "Open as draft" under an answer: asks the server for a draft made from the answer (POST /api/drafts,
 * `{"fromMessageId"}` → 201 `{"id","version":1}`) and says where the chat shows it (`?draft=<id>`).
 */
import { z } from 'zod';

const createdSchema = z.object({ id: z.string().min(1), version: z.number().int() });
const problemSchema = z.object({ message: z.string().min(1), errorId: z.string().optional() }).partial();

export type OpenDraftOutcome = { ok: true; id: string } | { ok: false; message: string };

const GENERIC = 'This answer could not be opened as a draft. Try again, or copy the answer instead.';

/** What to tell the person when the server said no. */
export function draftProblem(status: number, body: unknown): string {
	if (status === 401) return 'Your session has ended. Sign in again, then open the answer as a draft.';
	if (status === 404)
		return 'This answer could not be opened as a draft: drafts are not available here yet. Copy the answer instead.';
	if (status === 429) return 'Too many requests. Wait a minute, then open the answer as a draft again.';
	const problem = problemSchema.safeParse(body);
	const message = problem.success && problem.data.message ? problem.data.message : GENERIC;
	const errorId = problem.success ? problem.data.errorId : undefined;
	return errorId ? `${message} (error reference ${errorId})` : message;
}

/** Creates a draft from an answer; never throws. */
export async function createDraftFromAnswer(
	messageId: string,
	fetcher: typeof fetch = fetch
): Promise<OpenDraftOutcome> {
	let res: Response;
	try {
		res = await fetcher('/api/drafts', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ fromMessageId: messageId })
		});
	} catch {
		return { ok: false, message: 'This answer could not be opened as a draft. Check your connection and try again.' };
	}
	const body: unknown = await res.json().catch(() => null);
	if (!res.ok) return { ok: false, message: draftProblem(res.status, body) };
	const created = createdSchema.safeParse(body);
	if (!created.success) return { ok: false, message: GENERIC };
	return { ok: true, id: created.data.id };
}

/** The current chat's address with the draft panel open on `draftId` (other query parameters kept). */
export function draftHref(current: URL, draftId: string): string {
	const params = new URLSearchParams(current.search);
	params.set('draft', draftId);
	return `${current.pathname}?${params.toString()}`;
}
