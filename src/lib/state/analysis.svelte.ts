/**
 * One feedback analysis as its page shows it: the latest view from the server, polled while the job
 * runs, and the person's changes to the themes (rename, merge, split), each answered with the full
 * view so that the counts follow.
 */
import type { z } from 'zod';
import type { AnalysisView, startAnalysisSchema } from '$lib/schemas/analysis';
import { isAnalysisActive, type AnalysisResponsesPage } from '$lib/utils/analysis';

type StartAnalysis = z.infer<typeof startAnalysisSchema>;

export type Outcome<T = AnalysisView> = { ok: true; value: T } | { ok: false; status: number; message: string };

const NETWORK = 'The request did not reach the service. Check your connection and try again.';

/** A JSON request to the app's API: the parsed body, or the API's `{"message"}` when it refuses. */
export async function requestJson<T>(url: string, method = 'GET', body?: unknown): Promise<Outcome<T>> {
	const init: RequestInit = { method, headers: { accept: 'application/json' } };
	if (body !== undefined) {
		init.headers = { ...init.headers, 'content-type': 'application/json' };
		init.body = JSON.stringify(body);
	}
	const res = await fetch(url, init).catch(() => null);
	if (!res) return { ok: false, status: 0, message: NETWORK };
	const parsed = (await res.json().catch(() => null)) as (T & { message?: string }) | null;
	if (!res.ok || parsed === null) {
		const message =
			parsed?.message ?? (res.status >= 500 ? 'Sorry, there is a problem with the service. Try again later.' : NETWORK);
		return { ok: false, status: res.status, message };
	}
	return { ok: true, value: parsed };
}

/** Starts an analysis of one table column: the new analysis's id. */
export function startAnalysis(chatId: string, body: StartAnalysis): Promise<Outcome<{ id: string }>> {
	return requestJson<{ id: string }>(`/api/chats/${chatId}/analyses`, 'POST', body);
}

export const POLL_MS = 1500;

export class AnalysisState {
	view = $state<AnalysisView>() as AnalysisView;

	constructor(
		readonly id: string,
		initial: AnalysisView
	) {
		this.view = initial;
	}

	get active(): boolean {
		return isAnalysisActive(this.view);
	}

	/** Fetches the latest view; false when the poll missed (it is tried again on the next tick). */
	async refresh(): Promise<boolean> {
		const result = await requestJson<AnalysisView>(`/api/analyses/${this.id}`);
		if (result.ok) this.view = result.value;
		return result.ok;
	}

	/** Polls every POLL_MS while the analysis is queued or running, then calls `ended`; returns a stop function. */
	watch(ended: (view: AnalysisView) => void): () => void {
		let stopped = false;
		let timer: ReturnType<typeof setTimeout> | undefined;
		const tick = async () => {
			if (stopped) return;
			await this.refresh();
			if (stopped) return;
			if (this.active) timer = setTimeout(tick, POLL_MS);
			else ended(this.view);
		};
		if (this.active) timer = setTimeout(tick, POLL_MS);
		return () => {
			stopped = true;
			clearTimeout(timer);
		};
	}

	async #change(url: string, method: string, body: unknown): Promise<Outcome> {
		const result = await requestJson<AnalysisView>(url, method, body);
		if (result.ok) this.view = result.value;
		return result;
	}

	rename(themeId: string, changes: { title?: string; description?: string }): Promise<Outcome> {
		return this.#change(`/api/analyses/${this.id}/themes/${themeId}`, 'PATCH', changes);
	}

	merge(themeIds: string[], title?: string): Promise<Outcome> {
		return this.#change(`/api/analyses/${this.id}/themes/merge`, 'POST', { themeIds, ...(title ? { title } : {}) });
	}

	split(themeId: string, title: string, responseIds: string[]): Promise<Outcome> {
		return this.#change(`/api/analyses/${this.id}/themes/${themeId}/split`, 'POST', { title, responseIds });
	}

	/** One page of a theme's responses (or of those no theme took: `unassigned`). */
	responses(theme: string, offset: number, limit: number): Promise<Outcome<AnalysisResponsesPage>> {
		const query = `theme=${encodeURIComponent(theme)}&offset=${offset}&limit=${limit}`;
		return requestJson<AnalysisResponsesPage>(`/api/analyses/${this.id}/responses?${query}`);
	}

	/** Starts a chat that drafts a "you said, we did" summary from this analysis. */
	youSaidWeDid(): Promise<Outcome<{ chatId: string }>> {
		return requestJson<{ chatId: string }>(`/api/analyses/${this.id}/you-said-we-did`, 'POST', {});
	}
}
