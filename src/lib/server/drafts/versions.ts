/** Looking up one version of a draft named in the URL. */
import { error, type RequestEvent } from '@sveltejs/kit';
import { findDraftVersion } from '../db/queries/drafts';

/** Shown for a version whose author's account has since been deleted. */
export function authorName(name: string | null): string {
	return name ?? 'A former colleague';
}

/** The version in the URL (`params.version`), or 404. */
export async function requireVersion(event: RequestEvent, draftId: string) {
	const raw = event.params.version ?? '';
	const number = /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : NaN;
	const found = Number.isInteger(number) ? await findDraftVersion(draftId, number) : undefined;
	if (!found) error(404, { message: `Version ${raw} of this draft was not found`, errorId: event.locals.requestId });
	return found;
}
