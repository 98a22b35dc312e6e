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
