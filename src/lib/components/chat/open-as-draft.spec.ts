import { describe, expect, it, vi } from 'vitest';
import { createDraftFromAnswer, draftHref } from './open-as-draft';

const reply = (status: number, body: unknown) =>
	vi.fn(async () => new Response(body === undefined ? 'Not Found' : JSON.stringify(body), { status }));

describe('createDraftFromAnswer', () => {
	it('posts the answer id and returns the new draft id', async () => {
		const fetcher = reply(201, { id: 'd-1', version: 1 });
		expect(await createDraftFromAnswer('m-1', fetcher)).toEqual({ ok: true, id: 'd-1' });
		const [url, init] = fetcher.mock.calls[0] as unknown as [string, RequestInit];
		expect(url).toBe('/api/drafts');
		expect(init.method).toBe('POST');
		expect(JSON.parse(String(init.body))).toEqual({ fromMessageId: 'm-1' });
	});

	it('says drafts are not available when the endpoint is missing (404)', async () => {
		const outcome = await createDraftFromAnswer('m-1', reply(404, undefined));
		expect(outcome).toEqual({ ok: false, message: expect.stringContaining('could not be opened as a draft') });
	});

	it("passes on the server's message and error reference", async () => {
		const outcome = await createDraftFromAnswer(
			'm-1',
			reply(400, { message: 'That answer has no text', errorId: 'e-9' })
		);
		expect(outcome).toEqual({ ok: false, message: 'That answer has no text (error reference e-9)' });
	});

	it('treats a reply without a draft id as a failure', async () => {
		const outcome = await createDraftFromAnswer('m-1', reply(201, { version: 1 }));
		expect(outcome.ok).toBe(false);
	});

	it('says to check the connection when the request fails', async () => {
		const fetcher = vi.fn(async () => {
			throw new TypeError('Failed to fetch');
		});
		const outcome = await createDraftFromAnswer('m-1', fetcher);
		expect(outcome).toEqual({ ok: false, message: expect.stringContaining('Check your connection') });
	});
});

describe('draftHref', () => {
	it('opens the draft on the current chat, keeping other parameters', () => {
		expect(draftHref(new URL('http://x/chats/c-1'), 'd-1')).toBe('/chats/c-1?draft=d-1');
		expect(draftHref(new URL('http://x/chats/c-1?draft=old&q=flu'), 'd-2')).toBe('/chats/c-1?draft=d-2&q=flu');
	});
});
