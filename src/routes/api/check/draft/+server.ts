import { json } from '@sveltejs/kit';
import { draftCheckRequestSchema, MAX_DRAFT_CHARS } from '$lib/schemas/draft-checks';
import { requireApiUser } from '$lib/server/authz/guards';
import { parseJsonFields } from '$lib/server/chat/request';
import { checkDraftText } from '$lib/server/governance/style-rules';
import type { RequestHandler } from './$types';

/** Bodies bigger than this are refused before parsing (the text limit plus room for JSON escapes). */
const MAX_BODY_BYTES = MAX_DRAFT_CHARS * 6 + 1024;

/**
 * Checks a draft against readability guidance and the enabled style and inclusive-language rules.
 * Answers `{ readingAge, findings: [{ ruleId, category, start, end, message, suggestion, source }] }`
 * (offsets in UTF-16 code units, end exclusive; `source` is `{ documentRef, documentTitle, collection,
 * url }` or null). The text is not stored or logged.
 */
export const POST: RequestHandler = async (event) => {
	requireApiUser(event);
	const errorId = event.locals.requestId;
	const length = Number(event.request.headers.get('content-length') ?? 0);
	if (length > MAX_BODY_BYTES) {
		const message = `The text is too long to check. The limit is ${MAX_DRAFT_CHARS.toLocaleString('en-GB')} characters: check it in parts.`;
		return json({ message, errorId, errors: { text: message } }, { status: 413 });
	}
	const parsed = await parseJsonFields(event.request, draftCheckRequestSchema, errorId);
	if (!parsed.ok) return parsed.response;
	const result = await checkDraftText(parsed.data.text);
	return json({ readingAge: result.readingAge, findings: result.findings, stats: result.stats });
};
