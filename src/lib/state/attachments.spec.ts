import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatAttachments } from './attachments.svelte';

/** A fetch whose answers the test releases one by one, to order the list and the upload as it likes. */
function controlledFetch() {
	const pending: { method: string; url: string; answer: (res: Response) => void }[] = [];
	vi.stubGlobal('fetch', (url: string, init?: RequestInit) => {
		return new Promise<Response>((answer) => pending.push({ method: init?.method ?? 'GET', url, answer }));
	});
	const take = async (method: string) => {
		await vi.waitFor(() => expect(pending.some((p) => p.method === method)).toBe(true));
		return pending.splice(
			pending.findIndex((p) => p.method === method),
			1
		)[0];
	};
	return { take };
}

const view = (id: string) => ({
	id,
	fileName: 'board-paper.docx',
	kind: 'document',
	chars: 120,
	bytes: 2048,
	createdAt: '2026-12-06T10:00:00.000Z',
	personalData: { total: 0, kinds: {} },
	redacted: false
});
const json = (status: number, body: unknown) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const file = () => new File([new Uint8Array(2048)], 'board-paper.docx');
const settle = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => vi.unstubAllGlobals());

describe('attachments on a chat that is still loading its list', () => {
	it('keeps a file chosen before the list arrived, and shows it attached', async () => {
		const http = controlledFetch();
		const files = new ChatAttachments('chat-1', 20 * 1024 * 1024);
		const loading = files.load();
		files.add([file()]);
		(await http.take('POST')).answer(json(201, view('a-1')));
		await settle();
		(await http.take('GET')).answer(json(200, { attachments: [] }));
		await loading;
		expect(files.items.map((i) => [i.fileName, i.state])).toEqual([['board-paper.docx', 'attached']]);
		expect(files.ids).toEqual(['a-1']);
	});

	it('shows a file once when the list already includes the upload still being answered', async () => {
		const http = controlledFetch();
		const files = new ChatAttachments('chat-1', 20 * 1024 * 1024);
		const loading = files.load();
		files.add([file()]);
		const upload = await http.take('POST');
		(await http.take('GET')).answer(json(200, { attachments: [view('a-1')] }));
		await loading;
		upload.answer(json(201, view('a-1')));
		await vi.waitFor(() => expect(files.uploading).toBe(false));
		expect(files.items.map((i) => i.id)).toEqual(['a-1']);
	});

	it('refuses a file over the limit without sending it', async () => {
		const sent = vi.fn();
		vi.stubGlobal('fetch', sent);
		const files = new ChatAttachments('chat-1', 1024);
		files.add([file()]);
		expect(files.items[0].state).toBe('failed');
		expect(files.items[0].message).toMatch(/2\.0 KB, over the 1\.0 KB limit/);
		expect(sent).not.toHaveBeenCalled();
	});
});
