/**
 * The chat API: request bodies, what the server returns, and the events of a streamed answer.
 * Shared by the server and the browser, so nothing here imports server code.
 */
import { z } from 'zod';
import type { BriefAnswers, ChatBrief, IntakeMode, IntakeQuestion } from './assistant';
import { MAX_ATTACHMENTS_PER_MESSAGE } from './attachment';
import { sendAnywaySchema } from './personal-data';

/** Longest message a person may send, in characters. */
export const MAX_MESSAGE_CHARS = 20_000;
export const MAX_CHAT_TITLE_CHARS = 200;

export const MESSAGE_STATUSES = ['complete', 'streaming', 'stopped', 'error', 'interrupted'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export type MessageRole = 'user' | 'assistant';

const title = z
	.string({ error: 'Enter a title' })
	.trim()
	.min(1, 'Enter a title')
	.max(MAX_CHAT_TITLE_CHARS, `The title must be ${MAX_CHAT_TITLE_CHARS} characters or fewer`);

export const createChatSchema = z.object({
	title: title.optional(),
	assistantId: z.uuid({ error: 'assistantId must be an id' }).optional()
});

export const renameChatSchema = z.object({ title });

export const sendMessageSchema = z.object({
	content: z
		.string({ error: 'Enter a message' })
		.refine((v) => v.trim().length > 0, 'Enter a message')
		.refine(
			(v) => v.length <= MAX_MESSAGE_CHARS,
			`Your message is too long. Messages can be up to ${MAX_MESSAGE_CHARS.toLocaleString('en-GB')} characters.`
		),
	useGuidance: z.boolean({ error: 'useGuidance must be true or false' }).optional(),
	model: z.string({ error: 'model must be a model id' }).trim().min(1, 'model must be a model id').optional(),
	/** Sending personal data on purpose, with a reason (only when the guard warns rather than blocks). */
	personalData: sendAnywaySchema.optional(),
	/** The chat's attached files to answer from. */
	attachmentIds: z
		.array(z.string({ error: 'attachmentIds must be a list of attachment ids' }), {
			error: 'attachmentIds must be a list of attachment ids'
		})
		.max(MAX_ATTACHMENTS_PER_MESSAGE, `Use up to ${MAX_ATTACHMENTS_PER_MESSAGE} attached files in one message.`)
		.optional()
});

/** Regenerating an answer: optionally with another model or with guidance switched. */
export const regenerateSchema = sendMessageSchema.pick({ useGuidance: true, model: true, attachmentIds: true });

/** Editing a question and asking again: the same body as sending a message. */
export const editMessageSchema = sendMessageSchema;

export const FEEDBACK_RATINGS = ['up', 'down'] as const;
export const FEEDBACK_REASONS = ['inaccurate', 'wrong_tone', 'ignored_guidance', 'too_long', 'other'] as const;
export const MAX_FEEDBACK_COMMENT_CHARS = 2000;
export type FeedbackRating = (typeof FEEDBACK_RATINGS)[number];
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number];

/** Rating an answer: thumbs up or down, optionally why, optionally a comment. */
export const feedbackSchema = z.object({
	rating: z.enum(FEEDBACK_RATINGS, { error: 'Choose whether the answer was helpful (up) or not (down)' }),
	reason: z
		.enum(FEEDBACK_REASONS, {
			error: `reason must be one of: ${FEEDBACK_REASONS.join(', ')}`
		})
		.nullish(),
	comment: z
		.string({ error: 'comment must be text' })
		.max(
			MAX_FEEDBACK_COMMENT_CHARS,
			`Your comment is too long. Comments can be up to ${MAX_FEEDBACK_COMMENT_CHARS.toLocaleString('en-GB')} characters.`
		)
		.nullish()
});

export type FeedbackInput = z.infer<typeof feedbackSchema>;
export type MessageFeedbackView = { rating: FeedbackRating; reason: FeedbackReason | null; comment: string | null };

export const EXPORT_FORMATS = ['md', 'docx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type CreateChatInput = z.infer<typeof createChatSchema>;
export type SendMessageInput = z.infer<typeof sendMessageSchema>;

/** A passage offered to the model, as the browser shows it: `n` is the number the answer cites as [n]. */
export type ChatSource = {
	n: number;
	documentTitle: string;
	heading: string;
	/** The collection's slug. */
	collection: string;
	/** The collection's display name; absent on answers stored before it was recorded. */
	collectionName?: string;
	text: string;
	url: string | null;
	/** Set when the passage comes from one of the person's attached files rather than the guidance library. */
	attachmentId?: string;
	fileName?: string;
};

/** A cited passage as stored with an answer: a full copy, so later document changes do not alter it. */
export type StoredSource = ChatSource & { chunkId: string; documentId: string; version: number };

export type PromptVersion = { id: string; version: number };

export type ChatSummary = { id: string; title: string; useGuidance: boolean; createdAt: string; updatedAt: string };

export type ChatMessageView = {
	id: string;
	role: MessageRole;
	content: string;
	status: MessageStatus;
	errorMessage: string | null;
	model: string | null;
	parentId: string | null;
	sources: StoredSource[];
	createdAt: string;
	/** This person's rating of an answer; always null for questions. */
	feedback: MessageFeedbackView | null;
};

/** The assistant a chat drafts with, as the chat page shows it. */
export type ChatAssistantView = {
	id: string;
	name: string;
	description: string;
	version: number;
	starters: string[];
	intakeMode: IntakeMode;
	/** False when the person may no longer use it (the chat then carries on without it). */
	available: boolean;
};

export type ChatDetail = ChatSummary & {
	assistantId: string | null;
	assistant: ChatAssistantView | null;
	brief: ChatBrief | null;
	messages: ChatMessageView[];
};

/**
 * The events of one turn, in order: start, progress… (reading long attachments), sources (when grounded or
 * with attachments), token…, title (first answer), error?, done.
 * When an assistant needs a brief first: questions, title?, done (`awaiting_answers`).
 */
export type ChatEvent =
	| { event: 'start'; data: { userMessageId: string; assistantMessageId: string } }
	| { event: 'sources'; data: { sources: ChatSource[] } }
	/** Work before the answer, such as reading each part of a long attachment to summarise it. */
	| { event: 'progress'; data: { stage: string; done: number; total: number } }
	| { event: 'token'; data: { text: string } }
	| { event: 'title'; data: { title: string } }
	| { event: 'error'; data: { message: string; errorId: string; retryable: boolean } }
	| { event: 'questions'; data: { questions: IntakeQuestion[]; known: BriefAnswers; userMessageId: string } }
	| {
			event: 'done';
			/** `awaiting_answers` (no answer yet): the assistant asked questions; POST /brief continues the turn. */
			data: { assistantMessageId: string | null; status: MessageStatus | 'awaiting_answers' };
	  };

export type ChatEventName = ChatEvent['event'];
