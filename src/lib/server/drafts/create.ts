/** Creating a draft: from one of the person's own chat answers, or from text (or nothing). */
import { error, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import type { createDraftSchema } from '$lib/schemas/drafts';
import type { SessionUser } from '$lib/schemas/user';
import { findOwnAnswer, insertDraft } from '../db/queries/drafts';
import { audit } from '../governance/audit';
import { answerTitle, answerToMarkdown, fitTitle, UNTITLED_DRAFT } from './from-answer';

export async function createDraft(
	event: RequestEvent,
	user: SessionUser,
	input: z.infer<typeof createDraftSchema>
): Promise<{ id: string; version: number }> {
	const errorId = event.locals.requestId;
	let values: Parameters<typeof insertDraft>[0];
	if (input.fromMessageId) {
		const answer = await findOwnAnswer(input.fromMessageId, user.id);
		if (!answer) error(404, { message: 'Answer not found', errorId });
		if (!answer.message.content.trim()) {
			error(400, { message: 'That answer has no text to make a draft from', errorId });
		}
		values = {
			userId: user.id,
			title: answerTitle(input.title, answer.message.content, answer.chat.title),
			content: answerToMarkdown(answer.message.content, answer.message.sources),
			chatId: answer.chat.id,
			sourceMessageId: answer.message.id,
			aiAssisted: true
		};
	} else {
		values = {
			userId: user.id,
			title: fitTitle(input.title ?? UNTITLED_DRAFT),
			content: input.content ?? '',
			aiAssisted: false
		};
	}
	const draft = await insertDraft(values);
	await audit(event, 'draft.created', {
		targetType: 'draft',
		targetId: draft.id,
		details: { fromAnswer: Boolean(input.fromMessageId), characters: draft.content.length }
	});
	return { id: draft.id, version: draft.version };
}
