/**
 * Saving a draft: a new version when the person's base version is still the latest, a 409 with the
 * current text when it is not (nothing is overwritten), and a notice when the change undoes an approval.
 */
import { json } from '@sveltejs/kit';
import type { DraftVersionSource } from '../db/schema';
import { saveDraftVersion, type SaveResult } from '../db/queries/drafts';

export const CONFLICT_MESSAGE =
	'This draft has changed since you opened it (perhaps in another tab). Your text was not saved: compare it with the current version, merge, and save again.';

/** The 409 answer: the current version and its content, so the editor can show the conflict. */
export function conflictResponse(current: { version: number; content: string }, errorId: string): Response {
	return json(
		{ message: CONFLICT_MESSAGE, current: { version: current.version, content: current.content }, errorId },
		{ status: 409 }
	);
}

export function approvalNotice(approvedVersion: number | null): string {
	const which = approvedVersion ? ` as version ${approvedVersion}` : '';
	return `This draft was approved${which}. Your change returns it to draft: ask for sign-off again.`;
}

/** What a successful save answers: the version, and when an approval was undone, the status and notice. */
export function savedBody(result: Extract<SaveResult, { ok: true }>): {
	version: number;
	status?: 'draft';
	notice?: string;
} {
	if (result.changed && result.previousStatus === 'approved') {
		return { version: result.version, status: 'draft', notice: approvalNotice(result.approvedVersion) };
	}
	return { version: result.version };
}

/** Saves and answers: 200 with savedBody (plus `extra`), or 409. */
export async function saveAndRespond(
	input: {
		draftId: string;
		baseVersion: number;
		content: string;
		title?: string;
		authorId: string;
		source: DraftVersionSource;
		note?: string | null;
		aiAssisted?: boolean;
	},
	errorId: string,
	extra: (version: number) => Record<string, unknown> = () => ({})
): Promise<{ response: Response; result: SaveResult }> {
	const result = await saveDraftVersion(input);
	if (!result.ok) return { response: conflictResponse(result.current, errorId), result };
	return { response: json({ ...savedBody(result), ...extra(result.version) }), result };
}
