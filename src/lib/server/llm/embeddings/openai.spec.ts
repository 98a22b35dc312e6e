import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmbedder } from './index';
import { createAzureEmbedder, createOpenAIEmbedder } from './openai';

type Recorded = {
	path: string;
	query: URLSearchParams;
	headers: Record<string, unknown>;
	body: Record<string, unknown>;
};

/** A minimal OpenAI-compatible embeddings server on 127.0.0.1: deterministic vectors, every request recorded. */
const stub = {
	requests: [] as Recorded[],
	/** Length returned when the request names no `dimensions`. */
	nativeDimensions: 768,
	/** When set, returned regardless of what was asked (a misconfigured model). */
	forceDimensions: undefined as number | undefined
};

function vectorFor(text: string, dims: number): number[] {
	let h = 0;
	for (const c of text) h = (h * 31 + c.charCodeAt(0)) % 9973;
	return Array.from({ length: dims }, (_, i) => Math.sin(h + i));
}

let server: Server;
let base: string;

beforeAll(async () => {
	server = createServer((req, res) => {
		let raw = '';
		req.on('data', (c) => (raw += c));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://stub');
			const body = JSON.parse(raw) as { input: string | string[]; dimensions?: number; encoding_format?: string };
			stub.requests.push({ path: url.pathname, query: url.searchParams, headers: req.headers, body });
			if (!url.pathname.endsWith('/embeddings')) {
				res.writeHead(404).end();
				return;
			}
			const inputs = Array.isArray(body.input) ? body.input : [body.input];
			const dims = stub.forceDimensions ?? body.dimensions ?? stub.nativeDimensions;
			const data = inputs.map((text, index) => {
				const v = vectorFor(text, dims);
				// The OpenAI SDK asks for base64 float32 unless told otherwise.
				const embedding =
					body.encoding_format === 'base64' ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v;
				return { object: 'embedding', index, embedding };
			});
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ object: 'list', data, model: 'stub', usage: { prompt_tokens: 1, total_tokens: 1 } }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
	stub.requests = [];
	stub.nativeDimensions = 768;
	stub.forceDimensions = undefined;
});

const texts = Array.from({ length: 150 }, (_, i) => `Guidance paragraph number ${i}`);
const close = (a: number[], b: number[]) => a.every((x, i) => Math.abs(x - b[i]) < 1e-6);

describe('OpenAI-compatible embedder', () => {
	it('asks text-embedding-3 models for 1024 dimensions and sends 64 texts per request', async () => {
		const embedder = await createOpenAIEmbedder({ baseUrl: `${base}/v1`, apiKey: 'sk-test' });
		expect(embedder.id).toBe('openai:text-embedding-3-small:1024');
		expect(embedder.dimensions).toBe(1024);
		const vectors = await embedder.embedDocuments(texts);
		expect(stub.requests.map((r) => (r.body.input as string[]).length).sort((a, b) => b - a)).toEqual([64, 64, 22]);
		for (const r of stub.requests) {
			expect(r.path).toBe('/v1/embeddings');
			expect(r.body.dimensions).toBe(1024);
			expect(r.body.model).toBe('text-embedding-3-small');
			expect(r.headers.authorization).toBe('Bearer sk-test');
		}
		expect(vectors).toHaveLength(150);
		texts.forEach((t, i) => expect(close(vectors[i], vectorFor(t, 1024))).toBe(true));
	});

	it('sends a configured dimension and includes it in the id', async () => {
		const embedder = await createOpenAIEmbedder({
			baseUrl: `${base}/v1`,
			model: 'text-embedding-3-large',
			dimensions: 256
		});
		expect(embedder.id).toBe('openai:text-embedding-3-large:256');
		expect(await embedder.embedQuery('hello')).toHaveLength(256);
		expect(stub.requests[0].body.dimensions).toBe(256);
	});

	it('learns the vector length of other models from one probe request, without sending dimensions', async () => {
		const embedder = await createOpenAIEmbedder({ baseUrl: `${base}/v1`, model: 'nomic-embed-text' });
		expect(embedder.id).toBe('openai:nomic-embed-text:768');
		expect(stub.requests).toHaveLength(1);
		expect(stub.requests[0].body).not.toHaveProperty('dimensions');
		expect(await embedder.embedDocuments(['a', ''])).toHaveLength(2);
		expect(stub.requests[1].body.input).toEqual(['a', '(empty)']);
	});

	it('rejects vectors of the wrong length, naming the model and both sizes', async () => {
		const embedder = await createOpenAIEmbedder({ baseUrl: `${base}/v1`, model: 'text-embedding-3-small' });
		stub.forceDimensions = 512;
		await expect(embedder.embedDocuments(texts.slice(0, 3))).rejects.toThrow(
			/'text-embedding-3-small'.*512 dimensions but 1024 were expected.*EMBEDDINGS_DIMENSIONS/
		);
		await expect(embedder.embedQuery('x')).rejects.toThrow(/512 dimensions but 1024/);
	});

	it('refuses models wider than the storage column, before or after probing', async () => {
		await expect(createOpenAIEmbedder({ baseUrl: `${base}/v1`, dimensions: 1536 })).rejects.toThrow(
			/1536-dimensional.*EMBEDDINGS_DIMENSIONS to 1024 or fewer/
		);
		expect(stub.requests).toHaveLength(0);
		stub.nativeDimensions = 1536;
		await expect(createOpenAIEmbedder({ baseUrl: `${base}/v1`, model: 'text-embedding-ada-002' })).rejects.toThrow(
			/'text-embedding-ada-002'.*1536-dimensional/
		);
	});

	it('is what createEmbedder builds for EMBEDDINGS_PROVIDER=openai with a base URL', async () => {
		const embedder = await createEmbedder({
			provider: 'openai',
			model: 'text-embedding-3-small',
			dimensions: 512,
			cacheDir: '/unused',
			openai: { baseUrl: `${base}/v1` }
		});
		expect(embedder.id).toBe('openai:text-embedding-3-small:512');
		expect(await embedder.embedQuery('x')).toHaveLength(512);
	});
});

describe('Azure OpenAI embedder', () => {
	it('calls the deployment URL with api-version and api-key, batching and sending dimensions', async () => {
		const embedder = await createAzureEmbedder({
			endpoint: `${base}/`,
			apiKey: 'azure-key',
			deployment: 'embed-small',
			dimensions: 1024
		});
		expect(embedder.id).toBe('azure:embed-small:1024');
		const vectors = await embedder.embedDocuments(texts.slice(0, 100));
		expect(vectors).toHaveLength(100);
		expect(stub.requests.map((r) => (r.body.input as string[]).length).sort((a, b) => b - a)).toEqual([64, 36]);
		for (const r of stub.requests) {
			expect(r.path).toBe('/openai/deployments/embed-small/embeddings');
			expect(r.query.get('api-version')).toBe('2024-10-21');
			expect(r.headers['api-key']).toBe('azure-key');
			expect(r.body.dimensions).toBe(1024);
		}
		expect(close(vectors[99], vectorFor(texts[99], 1024))).toBe(true);
	});

	it('probes an unknown deployment and validates later responses', async () => {
		const embedder = await createAzureEmbedder({
			endpoint: base,
			apiKey: 'azure-key',
			apiVersion: '2025-01-01-preview',
			deployment: 'my-embeddings'
		});
		expect(embedder.id).toBe('azure:my-embeddings:768');
		expect(stub.requests[0].query.get('api-version')).toBe('2025-01-01-preview');
		stub.forceDimensions = 700;
		await expect(embedder.embedQuery('x')).rejects.toThrow(/'my-embeddings'.*700 dimensions but 768 were expected/);
	});
});
