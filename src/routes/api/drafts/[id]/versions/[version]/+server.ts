import { json } from '@sveltejs/kit';
import { requireDraft } from '$lib/server/drafts/http';
import { requireVersion, authorName } from '$lib/server/drafts/versions';
import type { RequestHandler } from './$types';

/** One version's title and content. */
export const GET: RequestHandler = async (event) => {
	const { draft } = await requireDraft(event, 'any');
	const v = await requireVersion(event, draft.id);
	return json({
		version: v.version,
		title: v.title,
		content: v.content,
		createdAt: v.createdAt.toISOString(),
		authorName: authorName(v.authorName),
		source: v.source,
		note: v.note
	});
};
