/**
 * The bare-proxy baseline for `npm run bench:chat`: the model stub's streamed answers fetched through a
 * minimal Node.js HTTP proxy in its own process, in the same shapes as the app's runs (one at a time,
 * 50 together, about 50 in flight with staggered arrivals). Whatever a server in front of a model
 * needs at the least; the app's own time is compared with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { OpenAIStub } from '../tests/helpers/openai-stub';

/** A proxy that forwards every request as it comes and pipes the reply back, chunk by chunk. */
const PROXY_SOURCE = `
const http = require('node:http');
const target = new URL(process.env.TARGET);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1000 });
const server = http.createServer((req, res) => {
	const up = http.request(
		{ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent },
		(r) => {
			res.writeHead(r.statusCode, r.headers);
			r.pipe(res);
		}
	);
	up.on('error', () => res.destroy());
	req.pipe(up);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

export type BaselineStream = { ok: boolean; ms?: number };

async function startProxy(target: string): Promise<{ origin: string; child: ChildProcess }> {
	const child = spawn(process.execPath, ['-e', PROXY_SOURCE], {
		env: { ...process.env, TARGET: target },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const port = await new Promise<string>((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`The baseline proxy exited with code ${code}`)));
		child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
	});
	return { origin: `http://127.0.0.1:${port}`, child };
}

/** One streamed completion through the proxy: time to the first content chunk minus the stub's delay. */
async function streamOnce(origin: string, delayMs: number): Promise<BaselineStream> {
	const started = performance.now();
	try {
		const res = await fetch(`${origin}/v1/chat/completions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
			body: JSON.stringify({ model: 'stub-model', stream: true, messages: [{ role: 'user', content: 'hello' }] }),
			signal: AbortSignal.timeout(60_000)
		});
		if (res.status !== 200 || !res.body) return { ok: false };
		let first: number | undefined;
		let text = '';
		const decoder = new TextDecoder();
		for await (const part of res.body) {
			text += decoder.decode(part as Uint8Array, { stream: true });
			if (first === undefined && text.includes('"content"')) first = performance.now();
		}
		return first === undefined ? { ok: false } : { ok: true, ms: first - started - delayMs };
	} catch {
		return { ok: false };
	}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The three shapes, through the proxy; returns the raw samples of each. */
export async function runBaseline(
	stub: OpenAIStub,
	options: { delayMs: number; samples: number; streamMs: number }
): Promise<{ single: BaselineStream[]; together: BaselineStream[]; staggered: BaselineStream[] }> {
	const { delayMs, samples, streamMs } = options;
	const proxy = await startProxy(stub.origin);
	const answer = () =>
		stub.next({ kind: 'answer', chunks: ['Write "midday" ', 'rather than 12pm.'], firstTokenDelayMs: delayMs });
	try {
		for (let i = 0; i < 3; i++) {
			answer();
			await streamOnce(proxy.origin, delayMs);
		}
		const single: BaselineStream[] = [];
		for (let i = 0; i < samples; i++) {
			answer();
			single.push(await streamOnce(proxy.origin, delayMs));
		}
		const together: BaselineStream[] = [];
		for (let round = 0; round < 3; round++) {
			for (let i = 0; i < 50; i++) answer();
			together.push(...(await Promise.all(Array.from({ length: 50 }, () => streamOnce(proxy.origin, delayMs)))));
		}
		const chunks = 20;
		const chunkDelayMs = Math.max(1, Math.round((streamMs - delayMs) / chunks));
		const words = Array.from({ length: chunks }, (_, i) => `word${i} `);
		for (let i = 0; i < 100; i++)
			stub.next({ kind: 'answer', chunks: words, firstTokenDelayMs: delayMs, chunkDelayMs });
		const runs: Promise<BaselineStream>[] = [];
		const t0 = performance.now();
		for (let i = 0; i < 100; i++) {
			const wait = t0 + (i * streamMs) / 50 - performance.now();
			if (wait > 0) await sleep(wait);
			runs.push(streamOnce(proxy.origin, delayMs));
		}
		const staggered = (await Promise.all(runs)).slice(50);
		return { single, together, staggered };
	} finally {
		proxy.child.kill('SIGTERM');
	}
}
