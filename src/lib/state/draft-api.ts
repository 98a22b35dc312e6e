/**
 * The draft canvas's calls to /api/drafts: small wrappers that turn answers into typed outcomes
 * (never throwing for an HTTP error) and read the edit and variant streams.
 */
import type { DraftVersionSummary, DraftView, SocialPlatformName } from '$lib/schemas/drafts';
import type { GuardRejection, SendAnyway } from '$lib/schemas/personal-data';
import { parseSseBlock } from './chat-stream.svelte';
import type { SaveBody, SaveOutcome } from './draft-autosave';

export type Failure = { ok: false; status: number; message: string; errorId?: string; body: Record<string, unknown> };
export type Result<T> = { ok: true; data: T } | Failure;

const base = (id: string) => `/api/drafts/${encodeURIComponent(id)}`;

async function call<T>(url: string, init?: RequestInit): Promise<Result<T>> {
	let res: Response;
	try {
		res = await fetch(url, {
			...init,
			headers: init?.body ? { 'content-type': 'application/json', ...init.headers } : init?.headers
		});
	} catch {
		return { ok: false, status: 0, message: 'You seem to be offline. Check your connection and try again.', body: {} };
	}
	const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
	if (res.ok) return { ok: true, data: body as T };
	const message = typeof body.message === 'string' ? body.message : `Sorry, that did not work (error ${res.status}).`;
	const errorId = typeof body.errorId === 'string' ? body.errorId : undefined;
	return { ok: false, status: res.status, message, errorId, body };
}

const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });

export const draftApi = {
	get: (id: string) => call<DraftView>(base(id)),
	versions: (id: string) => call<{ versions: DraftVersionSummary[] }>(`${base(id)}/versions`),
	version: (id: string, v: number) =>
		call<{ version: number; title: string; content: string; createdAt: string; authorName: string }>(
			`${base(id)}/versions/${v}`
		),
	restore: (id: string, v: number, baseVersion: number) =>
		call<{ version: number; content?: string }>(`${base(id)}/versions/${v}/restore`, post({ baseVersion })),
	accept: (id: string, editId: string, baseVersion: number) =>
		call<{ version: number; content: string; notice?: string }>(
			`${base(id)}/edits/${encodeURIComponent(editId)}/accept`,
			post({ baseVersion })
		),
	reject: (id: string, editId: string) =>
		call<Record<string, never>>(`${base(id)}/edits/${encodeURIComponent(editId)}/reject`, post({})),
	saveVariant: (id: string, platform: SocialPlatformName, content: string, baseVersion: number) =>
		call<Record<string, unknown>>(`${base(id)}/variants/${platform}`, {
			method: 'PUT',
			body: JSON.stringify({ content, baseVersion })
		}),
	check: (text: string) => call<CheckResult>('/api/check/draft', post({ text }))
};

export type CheckResult = {
	readingAge: number | null;
	findings: import('$lib/governance/draft-checks').DraftFinding[];
};

/** PUT /api/drafts/{id} as an autosave outcome (409 is a conflict; no answer at all is offline). */
export async function saveDraft(id: string, body: SaveBody): Promise<SaveOutcome> {
	const r = await call<{ version: number; notice?: string; status?: string }>(base(id), {
		method: 'PUT',
		body: JSON.stringify(body)
	});
	if (r.ok) return { kind: 'saved', ...r.data };
	if (r.status === 0) return { kind: 'offline' };
	const current = r.body.current as { version: number; content: string } | undefined;
	if (r.status === 409 && current) return { kind: 'conflict', message: r.message, current };
	return { kind: 'failed', message: r.message, errorId: r.errorId };
}

export type StreamEnd =
	| { kind: 'done'; data: Record<string, unknown> }
	| { kind: 'error'; message: string; errorId?: string }
	| { kind: 'held'; rejection: GuardRejection }
	| { kind: 'conflict'; message: string; current: { version: number; content: string } }
	| { kind: 'stopped' };

/** POSTs and reads a draft SSE stream, calling `ontoken` with each piece of text. */
export async function streamDraft(
	url: string,
	body: Record<string, unknown> & { personalData?: SendAnyway },
	ontoken: (text: string) => void,
	signal: AbortSignal
): Promise<StreamEnd> {
	let res: Response;
	try {
		res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal
		});
	} catch {
		if (signal.aborted) return { kind: 'stopped' };
		return { kind: 'error', message: 'The connection was lost. Try again.' };
	}
	if (!res.ok || !res.body) {
		const b = (await res.json().catch(() => ({}))) as Record<string, unknown>;
		const message = typeof b.message === 'string' ? b.message : `Sorry, that did not work (error ${res.status}).`;
		if (res.status === 422 && Array.isArray(b.findings))
			return { kind: 'held', rejection: b as unknown as GuardRejection };
		if (res.status === 409 && b.current)
			return { kind: 'conflict', message, current: b.current as { version: number; content: string } };
		return { kind: 'error', message, errorId: typeof b.errorId === 'string' ? b.errorId : undefined };
	}
	return readEvents(res, ontoken, signal);
}

async function readEvents(res: Response, ontoken: (t: string) => void, signal: AbortSignal): Promise<StreamEnd> {
	const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
	let buffer = '';
	try {
		for (;;) {
			const { value, done } = await reader.read();
			if (done) break;
			buffer += value;
			let cut: RegExpExecArray | null;
			while ((cut = /\r?\n\r?\n/.exec(buffer))) {
				const parsed = parseSseBlock(buffer.slice(0, cut.index));
				buffer = buffer.slice(cut.index + cut[0].length);
				if (!parsed) continue;
				const data = JSON.parse(parsed.data) as Record<string, unknown>;
				if (parsed.event === 'token' && typeof data.text === 'string') ontoken(data.text);
				else if (parsed.event === 'done') return { kind: 'done', data };
				else if (parsed.event === 'error')
					return {
						kind: 'error',
						message: String(data.message ?? 'Something went wrong'),
						errorId: data.errorId as string | undefined
					};
			}
		}
	} catch {
		if (signal.aborted) return { kind: 'stopped' };
		return { kind: 'error', message: 'The connection was lost. Try again.' };
	}
	return signal.aborted ? { kind: 'stopped' } : { kind: 'error', message: 'The answer ended early. Try again.' };
}
