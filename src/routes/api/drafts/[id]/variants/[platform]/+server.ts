import { variantSchema } from '$lib/schemas/drafts';
import { parseJsonBody } from '$lib/server/chat/request';
import { requireDraft } from '$lib/server/drafts/http';
import { requirePlatform, saveVariant } from '$lib/server/drafts/variants';
import type { RequestHandler } from './$types';

/** Saves the post for one platform as written by the person. */
export const PUT: RequestHandler = async (event) => {
	const { draft, user } = await requireDraft(event, 'author');
	const platform = requirePlatform(event);
	const input = await parseJsonBody(event.request, variantSchema, event.locals.requestId);
	return saveVariant(event, draft, user, platform, input);
};
