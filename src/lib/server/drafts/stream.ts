/**
 * What targeted edits and social variants share with a chat turn: the model choice (503 when none is
 * set up, with the chat's words), the personal-data guard before any model call, and the SSE framing.
 */
import { error, json, type RequestEvent } from '@sveltejs/kit';
import type { ChatEvent } from '$lib/schemas/chat';
import type { DraftStreamEvent } from '$lib/schemas/drafts';
import type { SendAnyway } from '$lib/schemas/personal-data';
import type { SessionUser } from '$lib/schemas/user';
import type { ChatModelOption } from '../config';
import { checkOutgoingText } from '../chat/guard';
import { asModelError } from '../chat/turn-stream';
import { streamChat, type ModelMessage } from '../llm/chat-models';
import { eventStreamResponse } from '../chat/sse';
import { pickModel } from '../chat/turn';
import { NO_MODEL_MESSAGE_FOR_ADMINS, NO_MODEL_MESSAGE_FOR_MEMBERS } from '../llm/chat-models';
import { errorFields, logger } from '../observability/log';

export const STREAM_FAILURE = 'Sorry, there is a problem with the service. Try again.';

/** The default model, or a 503 that says who can set one up. */
export async function requireModel(user: SessionUser, errorId: string): Promise<ChatModelOption> {
	const picked = await pickModel(undefined);
	if ('model' in picked && picked.model) return picked.model;
	error(503, { message: user.role === 'admin' ? NO_MODEL_MESSAGE_FOR_ADMINS : NO_MODEL_MESSAGE_FOR_MEMBERS, errorId });
}

/**
 * The personal-data guard, as for a chat message: null when the text may go to the model, else the
 * 422 response with the findings (the person may replace them, or in `warn` mode send anyway with a reason).
 */
export async function guardResponse(
	user: SessionUser,
	text: string,
	acknowledgement: SendAnyway | undefined,
	errorId: string
): Promise<Response | null> {
	const guard = await checkOutgoingText(user, text, acknowledgement);
	return guard.ok ? null : json({ ...guard.body, errorId }, { status: guard.status });
}

/** Streams draft events as SSE; an unexpected failure is logged and sent as an `error` event. */
export function draftEventStream(
	event: RequestEvent,
	what: string,
	run: (signal: AbortSignal) => AsyncGenerator<DraftStreamEvent>
): Response {
	const errorId = event.locals.requestId;
	return eventStreamResponse(
		// The framing is the chat's; the event names differ, so the types are bridged here only.
		run as unknown as (signal: AbortSignal) => AsyncGenerator<ChatEvent>,
		event.request,
		(e) => {
			logger().error({ requestId: errorId, what, ...errorFields(e) }, `${what} failed`);
			return { event: 'error', data: { message: STREAM_FAILURE, errorId } } as unknown as ChatEvent;
		}
	);
}

/**
 * The model's text as `token` events. Answers the whole text, or `{ failed }` with the message already
 * sent as an `error` event and logged.
 */
export async function* modelTokens(
	model: string,
	messages: ModelMessage[],
	signal: AbortSignal,
	errorId: string,
	what: string
): AsyncGenerator<DraftStreamEvent, { text: string } | { failed: string }> {
	let text = '';
	try {
		for await (const part of streamChat({ model, messages, signal })) {
			if ('usage' in part) continue;
			text += part.text;
			yield { event: 'token', data: { text: part.text } };
		}
	} catch (e) {
		const failure = asModelError(e);
		logger().error({ requestId: errorId, ...errorFields(failure.cause ?? failure) }, `${what} failed`);
		yield { event: 'error', data: { message: failure.message, errorId } };
		return { failed: failure.message };
	}
	return { text };
}
