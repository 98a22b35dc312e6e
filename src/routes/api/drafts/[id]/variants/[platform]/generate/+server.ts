import { generateVariantSchema } from '$lib/schemas/drafts';
import { parseJsonBody } from '$lib/server/chat/request';
import { requireDraft } from '$lib/server/drafts/http';
import { generateVariant, requirePlatform } from '$lib/server/drafts/variants';
import type { RequestHandler } from './$types';

/** Writes the post for one platform with the model; streams `token` events, then `done` {content}. */
export const POST: RequestHandler = async (event) => {
	const { draft, user } = await requireDraft(event, 'author');
	const platform = requirePlatform(event);
	const input = await parseJsonBody(event.request, generateVariantSchema, event.locals.requestId, { optional: true });
	return generateVariant(event, draft, user, platform, input.personalData);
};
