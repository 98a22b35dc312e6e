import type {
	ChatAssistantView,
	ChatDetail,
	ChatMessageView,
	ChatSummary,
	MessageFeedbackView
} from '$lib/schemas/chat';
import type { ChatRow, MessageRow } from '../db/queries/chats';

/** What the browser sees of a chat in a list. */
export function chatSummary(chat: ChatRow): ChatSummary {
	return {
		id: chat.id,
		title: chat.title,
		useGuidance: chat.useGuidance,
		createdAt: chat.createdAt.toISOString(),
		updatedAt: chat.updatedAt.toISOString()
	};
}

export function messageView(m: MessageRow, feedback?: MessageFeedbackView): ChatMessageView {
	return {
		id: m.id,
		role: m.role,
		content: m.content,
		status: m.status,
		errorMessage: m.errorMessage,
		model: m.model,
		parentId: m.parentId,
		sources: m.sources ?? [],
		createdAt: m.createdAt.toISOString(),
		feedback: m.role === 'assistant' ? (feedback ?? null) : null
	};
}

/** A chat with its messages; `feedback` is the viewer's ratings by message id. */
export function chatDetail(
	chat: ChatRow,
	messages: MessageRow[],
	feedback: ReadonlyMap<string, MessageFeedbackView> = new Map(),
	assistant: ChatAssistantView | null = null
): ChatDetail {
	return {
		...chatSummary(chat),
		assistantId: chat.assistantId,
		assistant,
		brief: chat.brief ?? null,
		messages: messages.map((m) => messageView(m, feedback.get(m.id)))
	};
}

/** Whether any guidance source lacks the collection's display name (answers stored before it was recorded). */
export function needsCollectionNames(detail: ChatDetail): boolean {
	return detail.messages.some((m) => m.sources.some((s) => !s.attachmentId && !s.collectionName && s.collection));
}

/** Fills in the collections' display names by slug, leaving the slug where the collection is gone. */
export function withCollectionNames(detail: ChatDetail, names: ReadonlyMap<string, string>): ChatDetail {
	return {
		...detail,
		messages: detail.messages.map((m) => ({
			...m,
			sources: m.sources.map((s) =>
				s.collectionName || s.attachmentId || !names.has(s.collection)
					? s
					: { ...s, collectionName: names.get(s.collection) }
			)
		}))
	};
}
