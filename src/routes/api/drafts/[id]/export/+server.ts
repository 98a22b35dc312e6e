import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { DRAFT_EXPORT_FORMATS } from '$lib/schemas/drafts';
import { exportFilename } from '$lib/server/chat/export';
import { DRAFT_CONTENT_TYPES, draftToDocx, draftToMarkdown } from '$lib/server/drafts/export';
import { requireDraft } from '$lib/server/drafts/http';
import { approvalsOf } from '$lib/server/drafts/view';
import { audit } from '$lib/server/governance/audit';
import { getSetting } from '$lib/server/governance/settings';
import type { RequestHandler } from './$types';

const formatSchema = z.enum(DRAFT_EXPORT_FORMATS, {
	error: `format must be one of: ${DRAFT_EXPORT_FORMATS.join(', ')} (for example ?format=docx)`
});

/** Downloads the latest version as Word or Markdown, with the AI-use statement and the sign-off record. */
export const GET: RequestHandler = async (event) => {
	const { draft } = await requireDraft(event, 'any');
	const errorId = event.locals.requestId;
	const format = formatSchema.safeParse(event.url.searchParams.get('format') ?? '');
	if (!format.success) error(400, { message: format.error.issues[0].message, errorId });
	const input = {
		title: draft.title,
		content: draft.content,
		version: draft.version,
		approvals: await approvalsOf(draft.id),
		disclosure: draft.aiAssisted ? await getSetting('transparency.disclosure') : null,
		exportedAt: new Date()
	};
	const body = format.data === 'docx' ? await draftToDocx(input) : draftToMarkdown(input);
	await audit(event, 'draft.exported', {
		targetType: 'draft',
		targetId: draft.id,
		details: { format: format.data, version: draft.version }
	});
	return new Response(body as BodyInit, {
		headers: {
			'content-type': DRAFT_CONTENT_TYPES[format.data],
			'content-disposition': `attachment; filename="${exportFilename(draft.title, format.data).replace(/^chat\./, 'draft.')}"`,
			'cache-control': 'no-store'
		}
	});
};
