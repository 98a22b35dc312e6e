/**
 * Deciding on a proposed edit. Accepting applies the replacement on the server into exactly the span
 * of the version the edit was made from, so nothing outside the span can change; if the draft has
 * moved on since, it is a 409 and the person asks again on the current text.
 */
import { error, json, type RequestEvent } from '@sveltejs/kit';
import { MAX_DRAFT_CHARS } from '$lib/schemas/drafts';
import type { SessionUser } from '$lib/schemas/user';
import { decideDraftEdit, findDraftEdit } from '../db/queries/draft-edits';
import { findDraftVersion, saveDraftVersion } from '../db/queries/drafts';
import type { Draft } from '../db/schema';
import { audit } from '../governance/audit';
import { conflictResponse, savedBody } from './save';
import { replaceSpan } from './span';

async function requireProposal(event: RequestEvent, draft: Draft) {
	const errorId = event.locals.requestId;
	const edit = await findDraftEdit(draft.id, event.params.editId ?? '');
	if (!edit) error(404, { message: 'Suggested edit not found', errorId });
	if (edit.status !== 'proposed' || edit.replacement === null) {
		const state =
			edit.status === 'accepted'
				? 'already accepted'
				: edit.status === 'rejected'
					? 'already rejected'
					: 'not finished';
		error(409, { message: `This suggestion was ${state}. Ask for a new one if you need it.`, errorId });
	}
	return { ...edit, replacement: edit.replacement };
}

export async function acceptEdit(event: RequestEvent, draft: Draft, user: SessionUser, baseVersion: number) {
	const errorId = event.locals.requestId;
	const edit = await requireProposal(event, draft);
	if (draft.version !== edit.baseVersion || baseVersion !== draft.version) return conflictResponse(draft, errorId);
	const base = await findDraftVersion(draft.id, edit.baseVersion);
	if (!base) error(404, { message: 'The version this suggestion was made from was not found', errorId });
	const content = replaceSpan(base.content, edit.start, edit.end, edit.replacement);
	if (content.length > MAX_DRAFT_CHARS) {
		error(400, { message: 'Accepting this suggestion would make the draft too long. Ask for a shorter one.', errorId });
	}
	const result = await saveDraftVersion({
		draftId: draft.id,
		baseVersion: edit.baseVersion,
		content,
		authorId: user.id,
		source: 'ai_edit',
		note: edit.instruction,
		aiAssisted: true
	});
	if (!result.ok) return conflictResponse(result.current, errorId);
	await decideDraftEdit(edit.id, { status: 'accepted', resultVersion: result.version });
	await audit(event, 'draft.ai_edit_accepted', {
		targetType: 'draft',
		targetId: draft.id,
		details: { editId: edit.id, version: result.version, model: edit.model }
	});
	return json({ ...savedBody(result), content });
}

export async function rejectEdit(event: RequestEvent, draft: Draft) {
	const edit = await requireProposal(event, draft);
	await decideDraftEdit(edit.id, { status: 'rejected' });
	return json({ editId: edit.id, status: 'rejected' });
}
