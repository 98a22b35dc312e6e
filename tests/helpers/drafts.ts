/** Helpers for the drafts integration tests: calling the draft routes as a person, and a stored answer. */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { StoredSource } from '$lib/schemas/chat';
import type { SessionUser } from '$lib/schemas/user';
import type { DatabaseHandle } from '$lib/server/db';
import {
	finishAssistantMessage,
	insertChat,
	insertStreamingAssistantMessage,
	insertUserMessage
} from '$lib/server/db/queries/chats';
import * as draftsRoute from '../../src/routes/api/drafts/+server';
import * as draftRoute from '../../src/routes/api/drafts/[id]/+server';
import { callRoute } from './chat';
import { queryRows } from './test-db';

type Handler = (event: never) => Promise<Response> | Response;
export type Json = Record<string, unknown> & { message?: string };

export async function body<T = Json>(res: Response): Promise<T> {
	return (await res.json()) as T;
}

/** Calls a draft route for `id` (and any other params) as `user`. */
export function callDraft(
	handler: Handler,
	user: SessionUser,
	id: string,
	options: { method?: string; path?: string; params?: Record<string, string>; body?: unknown } = {}
): Promise<Response> {
	return callRoute(handler, {
		user,
		method: options.method ?? 'GET',
		path: options.path ?? `/api/drafts/${id}`,
		params: { id, ...options.params },
		body: options.body
	});
}

/** Creates a draft through the API and returns its id. */
export async function newDraft(user: SessionUser, input: Record<string, unknown>): Promise<string> {
	const res = await callRoute(draftsRoute.POST, { user, method: 'POST', path: '/api/drafts', body: input });
	expect(res.status).toBe(201);
	return (await body<{ id: string }>(res)).id;
}

export async function saveDraft(user: SessionUser, id: string, input: Record<string, unknown>): Promise<Response> {
	return callDraft(draftRoute.PUT, user, id, { method: 'PUT', body: input });
}

export async function getDraft(user: SessionUser, id: string) {
	const res = await callDraft(draftRoute.GET, user, id);
	expect(res.status).toBe(200);
	return body<import('$lib/schemas/drafts').DraftView>(res);
}

/** A finished answer in a new chat of `user`'s, as a turn would have stored it. */
export async function storedAnswer(
	user: SessionUser,
	content: string,
	sources: StoredSource[] = [],
	chatTitle = 'Flu clinic news'
): Promise<{ chatId: string; messageId: string; questionId: string }> {
	const chat = await insertChat({ userId: user.id, title: chatTitle });
	const question = await insertUserMessage(chat.id, 'Write a news item', null);
	const answer = await insertStreamingAssistantMessage({
		chatId: chat.id,
		parentId: question.id,
		model: 'stub-model',
		promptVersions: []
	});
	await finishAssistantMessage(answer.id, { content, status: 'complete', sources });
	return { chatId: chat.id, messageId: answer.id, questionId: question.id };
}

/** Asks `reviewer` to review the draft at its current version (as the sign-off endpoint would). */
export async function addReviewer(handle: DatabaseHandle, draftId: string, reviewer: SessionUser, version = 1) {
	await queryRows(
		handle,
		sql`insert into draft_reviewers (draft_id, reviewer_id, requested_version)
			values (${draftId}::uuid, ${reviewer.id}::uuid, ${version})`
	);
	await queryRows(handle, sql`update drafts set status = 'in_review' where id = ${draftId}::uuid`);
}

/** Records an approval of `version` by `reviewer` and marks the draft approved (as sign-off would). */
export async function approve(
	handle: DatabaseHandle,
	draftId: string,
	reviewer: SessionUser,
	version: number,
	options: { clinical?: boolean; at?: string } = {}
) {
	const clinical = options.clinical ?? false;
	const at = options.at ?? new Date().toISOString();
	await queryRows(
		handle,
		sql`insert into draft_decisions (draft_id, reviewer_id, reviewer_name, reviewer_email, clinical, decision, version, created_at)
			values (${draftId}::uuid, ${reviewer.id}::uuid, ${reviewer.name}, ${reviewer.email}, ${clinical}, 'approve', ${version},
			${at}::timestamptz)`
	);
	await queryRows(
		handle,
		sql`update drafts set status = 'approved', approved_version = ${version} where id = ${draftId}::uuid`
	);
}
