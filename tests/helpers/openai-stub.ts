/**
 * An OpenAI-compatible chat server for tests (POST /v1/chat/completions on 127.0.0.1, a random port).
 * Streamed requests follow a script queued per test: a normal answer, a delay, an HTTP error, a hang,
 * a connection closed mid-answer or a malformed chunk. Non-streamed requests (titles) get `titleReply`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type StubScript =
	/** Streams the chunks, waiting `firstTokenDelayMs` before the first and `chunkDelayMs` between them. */
	| { kind: 'answer'; chunks: string[]; firstTokenDelayMs?: number; chunkDelayMs?: number }
	/** Answers with an HTTP error. */
	| { kind: 'status'; status: number }
	/** Streams the chunks, then sends nothing more and never ends the response. */
	| { kind: 'hang'; chunks: string[] }
	/** Streams the chunks, then destroys the connection. */
	| { kind: 'close'; chunks: string[] }
	/** Streams the chunks, then one event whose data is not JSON. */
	| { kind: 'malformed'; chunks: string[] };

export type StubRequest = {
	model: string;
	stream: boolean;
	messages: { role: string; content: string }[];
	/** The request path, e.g. /v1/chat/completions or /openai/deployments/<name>/chat/completions (Azure). */
	path: string;
	/** The query string's parameters (Azure sends api-version). */
	query: Record<string, string>;
	/** The credentials sent: `authorization` (OpenAI) or `api-key` (Azure). */
	headers: { authorization?: string; 'api-key'?: string };
	/** The sampling temperature asked for, when one was. */
	temperature?: number;
};

export type StubReply = string | number | undefined;

export type OpenAIStub = {
	/** e.g. http://127.0.0.1:43123/v1, for OPENAI_BASE_URL. */
	baseUrl: string;
	/** e.g. http://127.0.0.1:43123, for AZURE_OPENAI_ENDPOINT. */
	origin: string;
	/** Every request received, in order. */
	requests: StubRequest[];
	/** Queues the script for the next streamed request; with none queued, a short plain answer is sent. */
	next(script: StubScript): void;
	/** The reply to non-streamed requests (title generation); a number sends that HTTP status instead. */
	titleReply: string | number;
	/**
	 * Optional: picks the reply to a non-streamed request from its messages (intake extraction and
	 * questions, titles…); returning undefined falls back to `titleReply`. It may answer later (a promise),
	 * for example to hold a request while a test simulates a server stopping.
	 */
	replyTo?: (request: StubRequest) => StubReply | Promise<StubReply>;
	/** Requests being answered now, and the most there have been at once. */
	inFlight: number;
	maxInFlight: number;
	/** Resolves when the stub notices that the client went away mid-stream. */
	clientGone(): Promise<void>;
	close(): Promise<void>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function chunk(model: string, delta: Record<string, unknown>, finish: string | null = null): string {
	const body = {
		id: 'chatcmpl-stub',
		object: 'chat.completion.chunk',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [{ index: 0, delta, finish_reason: finish }]
	};
	return `data: ${JSON.stringify(body)}\n\n`;
}

async function readBody(req: IncomingMessage): Promise<string> {
	const parts: Buffer[] = [];
	for await (const part of req) parts.push(part as Buffer);
	return Buffer.concat(parts).toString('utf8');
}

export async function startOpenAIStub(): Promise<OpenAIStub> {
	const queue: StubScript[] = [];
	const requests: StubRequest[] = [];
	const sockets = new Set<Socket>();
	let goneWaiters: (() => void)[] = [];
	const markGone = () => {
		for (const w of goneWaiters) w();
		goneWaiters = [];
	};

	async function stream(res: ServerResponse, model: string, script: StubScript) {
		if (script.kind === 'status') {
			res.writeHead(script.status, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ error: { message: 'stub failure', type: 'server_error' } }));
			return;
		}
		res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
		res.flushHeaders();
		let gone = false;
		res.on('close', () => {
			if (!res.writableEnded) {
				gone = true;
				markGone();
			}
		});
		if (script.kind === 'answer' && script.firstTokenDelayMs) await sleep(script.firstTokenDelayMs);
		res.write(chunk(model, { role: 'assistant', content: '' }));
		for (const text of script.chunks) {
			if (gone) return;
			res.write(chunk(model, { content: text }));
			if (script.kind === 'answer' && script.chunkDelayMs) await sleep(script.chunkDelayMs);
		}
		if (gone) return;
		if (script.kind === 'hang') return;
		if (script.kind === 'close') {
			// Let the chunks already written reach the client first, as a real dropped connection would.
			await sleep(100);
			res.socket?.destroy();
			return;
		}
		if (script.kind === 'malformed') {
			res.write('data: {"id": "chatcmpl-stub", "choices": [{"delta": {"content": "x"\n\n');
			res.end();
			return;
		}
		res.write(chunk(model, {}, 'stop'));
		res.write('data: [DONE]\n\n');
		res.end();
	}

	const server = createServer(async (req, res) => {
		const url = new URL(req.url ?? '/', 'http://stub');
		if (req.method !== 'POST' || !url.pathname.endsWith('/chat/completions')) {
			res.writeHead(404).end();
			return;
		}
		const body = JSON.parse(await readBody(req)) as StubRequest;
		stub.inFlight++;
		stub.maxInFlight = Math.max(stub.maxInFlight, stub.inFlight);
		res.on('close', () => stub.inFlight--);
		requests.push({
			model: body.model,
			stream: Boolean(body.stream),
			messages: body.messages,
			temperature: body.temperature,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: { authorization: req.headers.authorization, 'api-key': req.headers['api-key'] as string | undefined }
		});
		if (body.stream) {
			await stream(res, body.model, queue.shift() ?? { kind: 'answer', chunks: ['Hello', ' there.'] });
			return;
		}
		const reply = (await stub.replyTo?.(requests[requests.length - 1])) ?? stub.titleReply;
		if (res.destroyed) return;
		if (typeof reply === 'number') {
			res.writeHead(reply, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ error: { message: 'stub failure' } }));
			return;
		}
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(
			JSON.stringify({
				id: 'chatcmpl-stub',
				object: 'chat.completion',
				created: Math.floor(Date.now() / 1000),
				model: body.model,
				choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop' }],
				usage: { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 }
			})
		);
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	const stub: OpenAIStub = {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		origin: `http://127.0.0.1:${port}`,
		requests,
		titleReply: 'Winter vaccine campaign post',
		inFlight: 0,
		maxInFlight: 0,
		next: (script) => queue.push(script),
		clientGone: () => new Promise((resolve) => goneWaiters.push(resolve)),
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			})
	};
	return stub;
}
