/**
 * Comments on passages: the author and reviewers point at [start, end) of one saved version; the quoted
 * passage is taken from that version, so a comment still reads right after the draft has moved on.
 */
import { commentSchema, type DraftCommentView } from '$lib/schemas/drafts';
import type { SessionUser } from '$lib/schemas/user';
import { isUuid } from '../db/queries/chats';
import { commentView, insertComment, resolveComment, versionContent } from '../db/queries/draft-reviews';
import type { Draft } from '../db/schema';
import { audit } from '../governance/audit';

type Ctx = { locals: { user: SessionUser | null; requestId?: string } };
type Fail = { ok: false; status: 400 | 404; message: string };

/** POST /api/drafts/{id}/comments, for the author or a reviewer. */
export async function addComment(
	event: Ctx,
	user: SessionUser,
	draft: Draft,
	input: unknown
): Promise<{ ok: true; value: DraftCommentView } | Fail> {
	const parsed = commentSchema.safeParse(input);
	if (!parsed.success) return { ok: false, status: 400, message: parsed.error.issues[0].message };
	const { version, start, end, body } = parsed.data;
	if (version > draft.version) {
		return { ok: false, status: 400, message: `There is no version ${version}: the latest is ${draft.version}` };
	}
	const content = await versionContent(draft, version);
	if (content === undefined) return { ok: false, status: 400, message: `Version ${version} was not kept` };
	if (end > content.length) {
		return {
			ok: false,
			status: 400,
			message: `The passage is outside version ${version}, which has ${content.length} characters: select it again`
		};
	}
	const row = await insertComment({
		draftId: draft.id,
		authorId: user.id,
		authorName: user.name,
		version,
		start,
		end,
		quote: content.slice(start, end),
		body
	});
	await audit(event, 'draft.commented', { targetType: 'draft', targetId: draft.id, details: { version } });
	return { ok: true, value: commentView(row) };
}

/** POST /api/drafts/{id}/comments/{commentId}/resolve, for the author. */
export async function resolve(
	event: Ctx,
	draft: Draft,
	commentId: string
): Promise<{ ok: true; value: DraftCommentView } | Fail> {
	const row = isUuid(commentId) ? await resolveComment(draft.id, commentId) : undefined;
	if (!row) return { ok: false, status: 404, message: 'Comment not found' };
	await audit(event, 'draft.comment_resolved', { targetType: 'draft', targetId: draft.id });
	return { ok: true, value: commentView(row) };
}
