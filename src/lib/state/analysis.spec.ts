import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AnalysisView } from '$lib/schemas/analysis';
import { AnalysisState, POLL_MS, requestJson } from './analysis.svelte';

const view = (status: AnalysisView['status'], done = 0): AnalysisView => ({
	id: 'an-1',
	chatId: 'chat-1',
	attachmentId: 'att-1',
	fileName: 'survey.csv',
	column: 'comment',
	question: null,
	createdAt: '2026-12-06T10:00:00.000Z',
	status,
	progress: { done, total: 6 },
	responses: 60,
	themes: [],
	unassigned: 0,
	history: []
});
const json = (status: number, body: unknown) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => {
	vi.useRealTimers();
	vi.unstubAllGlobals();
});

describe('requestJson', () => {
	it('hands back the API’s own message when it refuses, and a plain one when the network fails', async () => {
		vi.stubGlobal('fetch', async () => json(422, { message: 'The column "x" has no responses in it.' }));
		expect(await requestJson('/api/x', 'POST', {})).toEqual({
			ok: false,
			status: 422,
			message: 'The column "x" has no responses in it.'
		});
		vi.stubGlobal('fetch', async () => {
			throw new TypeError('Failed to fetch');
		});
		const offline = await requestJson('/api/x');
		expect(offline).toMatchObject({ ok: false, status: 0 });
		expect(!offline.ok && offline.message).toMatch(/Check your connection/);
	});
});

describe('watching a running analysis', () => {
	it('polls until the analysis ends, then stops and says how it ended', async () => {
		vi.useFakeTimers();
		const answers = [view('running', 2), view('running', 5), view('complete', 6)];
		const fetch = vi.fn(async () => json(200, answers.shift()));
		vi.stubGlobal('fetch', fetch);
		const analysis = new AnalysisState('an-1', view('queued'));
		const ended = vi.fn();
		analysis.watch(ended);
		await vi.advanceTimersByTimeAsync(POLL_MS);
		expect(analysis.view.progress.done).toBe(2);
		await vi.advanceTimersByTimeAsync(POLL_MS * 2);
		expect(analysis.view.status).toBe('complete');
		expect(ended).toHaveBeenCalledOnce();
		await vi.advanceTimersByTimeAsync(POLL_MS * 5);
		expect(fetch).toHaveBeenCalledTimes(3);
	});

	it('stops polling when the page is left', async () => {
		vi.useFakeTimers();
		const fetch = vi.fn(async () => json(200, view('running', 1)));
		vi.stubGlobal('fetch', fetch);
		const stop = new AnalysisState('an-1', view('running')).watch(() => {});
		await vi.advanceTimersByTimeAsync(POLL_MS);
		stop();
		await vi.advanceTimersByTimeAsync(POLL_MS * 5);
		expect(fetch).toHaveBeenCalledOnce();
	});
});
