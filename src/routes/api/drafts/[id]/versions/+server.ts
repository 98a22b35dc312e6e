import { json } from '@sveltejs/kit';
import type { DraftVersionSummary } from '$lib/schemas/drafts';
import { listDraftVersions } from '$lib/server/db/queries/drafts';
import { requireDraft } from '$lib/server/drafts/http';
import { authorName } from '$lib/server/drafts/versions';
import type { RequestHandler } from './$types';

/** Every saved version, newest first. */
export const GET: RequestHandler = async (event) => {
	const { draft } = await requireDraft(event, 'any');
	const versions: DraftVersionSummary[] = (await listDraftVersions(draft.id)).map((v) => ({
		version: v.version,
		createdAt: v.createdAt.toISOString(),
		authorName: authorName(v.authorName),
		source: v.source,
		note: v.note
	}));
	return json({ versions });
};
