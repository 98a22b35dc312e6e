/**
 * An OpenAI-compatible chat server for tests (POST /v1/chat/completions on 127.0.0.1, a random port;
 * GET /v1/models, and Azure's GET /openai/models, list `models`; POST /v1/embeddings, and Azure's
 * /openai/deployments/<name>/embeddings, answer with a bag-of-words vector of `embeddingDimensions`).
 * Streamed requests follow a script queued per test: a normal answer, a delay, an HTTP error, a hang,
 * a connection closed mid-answer or a malformed chunk. Non-streamed requests (titles) get `titleReply`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type StubScript =
	/**
	 * Streams the chunks, waiting `firstTokenDelayMs` before the first and `chunkDelayMs` between them;
	 * with `beforeLast`, the last chunk waits for that promise (so a test can look at a half-written answer).
	 */
	| {
			kind: 'answer';
			chunks: string[];
			firstTokenDelayMs?: number;
			chunkDelayMs?: number;
			beforeLast?: Promise<void>;
	  }
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
	/** The models GET /v1/models lists (stub-model and stub-large unless changed). */
	models: string[];
	/** Length of the vectors POST …/embeddings returns (8 unless changed). */
	embeddingDimensions: number;
	/** Every embeddings request received, in order (kept apart from the chat `requests`). */
	embeddingRequests: { model: string; path: string; inputs: string[] }[];
	/** When set, every request without this key (Bearer or api-key) is refused with 401. */
	requiredKey?: string;
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

/** A deterministic, normalised bag-of-words vector: texts sharing words point the same way. */
function bagOfWords(text: string, dimensions: number): number[] {
	const v: number[] = new Array<number>(dimensions).fill(0);
	for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
		let h = 0;
		for (const c of word) h = (h * 31 + c.charCodeAt(0)) >>> 0;
		v[h % dimensions] += 1;
	}
	if (!v.some((x) => x !== 0)) v[0] = 1;
	const norm = Math.hypot(...v);
	return v.map((x) => x / norm);
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
		for (const [i, text] of script.chunks.entries()) {
			if (gone) return;
			if (script.kind === 'answer' && script.beforeLast && i === script.chunks.length - 1) await script.beforeLast;
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
		if (stub.requiredKey !== undefined) {
			const sent = req.headers['api-key'] ?? req.headers.authorization?.replace(/^Bearer /, '');
			if (sent !== stub.requiredKey) {
				res.writeHead(401, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } }));
				return;
			}
		}
		if (req.method === 'GET' && url.pathname.endsWith('/models')) {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					object: 'list',
					data: stub.models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'stub' }))
				})
			);
			return;
		}
		if (req.method === 'POST' && url.pathname.endsWith('/embeddings')) {
			const body = JSON.parse(await readBody(req)) as {
				model?: string;
				input: string | string[];
				encoding_format?: string;
			};
			const inputs = Array.isArray(body.input) ? body.input : [body.input];
			stub.embeddingRequests.push({ model: body.model ?? '', path: url.pathname, inputs });
			const data = inputs.map((text, index) => {
				const vector = bagOfWords(String(text), stub.embeddingDimensions);
				const embedding =
					body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
				return { object: 'embedding', index, embedding };
			});
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({ object: 'list', data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } })
			);
			return;
		}
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
		models: ['stub-model', 'stub-large'],
		embeddingDimensions: 8,
		embeddingRequests: [],
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
