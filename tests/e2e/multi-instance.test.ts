/**
 * Two instances of the built app on one PostgreSQL database behind nginx: what must hold across
 * instances does. Sign-in lockout is shared, Stop reaches the instance writing the answer, an upload
 * job is run by one instance only, and a job whose instance is killed is finished by the survivor.
 * PostgreSQL only: skipped, with the reason, when TEST_DATABASE_URL is not set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { clusterUnavailable, scratchDatabase, startNginx, type Proxy } from './support/cluster';
import { client, errorSummary, newAccount, SESSION_COOKIE, signUp, type Client } from './support/http';
import { freePort, startServer, type TestServer } from './support/server';

const adminUrl = process.env.TEST_DATABASE_URL;
const unavailable = clusterUnavailable(adminUrl);
if (unavailable) console.warn(`Skipping the multi-instance tests: ${unavailable}`);

/** Short, so that the survivor takes over a killed instance's job within seconds, yet longer than the event loop stalls while an instance loads its embedding model on a busy machine. */
const STALE_SECONDS = 10;

describe.skipIf(unavailable !== undefined)('two instances behind nginx on one PostgreSQL', () => {
	let database: { url: string; drop: () => Promise<void> };
	let sql: postgres.Sql;
	let stub: OpenAIStub;
	let a: TestServer;
	let b: TestServer;
	let proxy: Proxy;
	let http: Client;
	let adminCookie: string;
	let survivor: TestServer;

	beforeAll(async () => {
		database = await scratchDatabase(adminUrl!);
		sql = postgres(database.url, { max: 2, onnotice: () => {} });
		stub = await startOpenAIStub();
		const proxyPort = await freePort();
		const origin = `http://127.0.0.1:${proxyPort}`;
		const env = {
			ORIGIN: origin,
			ADDRESS_HEADER: 'X-Forwarded-For',
			XFF_DEPTH: '1',
			OPENAI_BASE_URL: stub.baseUrl,
			OPENAI_API_KEY: 'test',
			CHAT_MODELS: 'stub-model=Stub model',
			JOB_STALE_SECONDS: String(STALE_SECONDS),
			METRICS_TOKEN: 'metrics-token-for-the-tests',
			SHUTDOWN_GRACE_SECONDS: '1'
		};
		const shared = { env: { DATABASE_URL: database.url }, remove: async () => {} };
		// Started together, as a deployment would: migrations take turns on an advisory lock.
		[a, b] = await Promise.all([startServer(env, shared), startServer(env, shared)]);
		proxy = await startNginx(proxyPort, [new URL(a.origin).port, new URL(b.origin).port].map(Number));
		http = client(proxy.origin);
		adminCookie = await signUp(http, newAccount('Ada Admin'));
	}, 180_000);

	afterAll(async () => {
		await proxy?.stop();
		await Promise.all([a?.stop(), b?.stop()]);
		await stub?.close();
		await sql?.end({ timeout: 5 });
		await database?.drop();
	});

	/** JSON API request as the admin, to one instance directly or through the proxy. */
	function api(origin: string, method: string, url: string, body?: unknown): Promise<Response> {
		return fetch(new URL(url, origin), {
			method,
			headers: {
				cookie: `${SESSION_COOKIE}=${adminCookie}`,
				origin: proxy.origin,
				...(body === undefined ? {} : { 'content-type': 'application/json' })
			},
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	}

	it('both report ready; metrics need the token', async () => {
		for (const s of [a, b]) {
			const ready = await fetch(`${s.origin}/ready`);
			expect(ready.status).toBe(200);
			expect(await ready.json()).toMatchObject({ status: 'ready', database: 'ok', migrations: 'ok' });
		}
		expect((await fetch(`${a.origin}/metrics`)).status).toBe(404);
		const wrong = await fetch(`${a.origin}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all' } });
		expect(wrong.status).toBe(404);
		const metrics = await fetch(`${a.origin}/metrics`, {
			headers: { authorization: 'Bearer metrics-token-for-the-tests' }
		});
		expect(metrics.status).toBe(200);
		const text = await metrics.text();
		expect(text).toContain('nca_http_request_duration_seconds_bucket');
		expect(text).toContain('nca_answers_in_flight');
	});

	it('share the sign-in lockout: five failures spread over both lock the account on both', async () => {
		const victim = newAccount('Fay Morgan');
		await signUp(http, victim);
		// Each instance is addressed directly, as nginx would forward a browser's post (its Origin, its address).
		const signInAt = (origin: string, password: string) =>
			fetch(new URL('/sign-in', origin), {
				method: 'POST',
				redirect: 'manual',
				headers: {
					accept: 'text/html',
					origin: proxy.origin,
					'x-forwarded-for': '127.0.0.1',
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: new URLSearchParams({ email: victim.email, password }).toString()
			});
		for (let i = 0; i < 5; i++) {
			const res = await signInAt([a, b][i % 2].origin, `wrong guess ${i}`);
			expect(res.status, `attempt ${i + 1}`).toBe(400);
		}
		for (const instance of [a, b]) {
			const res = await signInAt(instance.origin, victim.password);
			expect(res.status).toBe(429);
			expect(errorSummary(await res.text())[0]).toMatch(/^Too many attempts/);
		}
	});

	it('stop an answer streaming on one instance when Stop is sent to the other', async () => {
		const created = await api(proxy.origin, 'POST', '/api/chats', { title: 'Stop test' });
		expect(created.status).toBe(201);
		const chatId = ((await created.json()) as { id: string }).id;
		// The answer never ends by itself: only Stop can end it.
		stub.next({ kind: 'hang', chunks: ['The first words of an answer'] });
		const stream = await api(a.origin, 'POST', `/api/chats/${chatId}/messages`, {
			content: 'Write a short note about flu clinics'
		});
		expect(stream.status).toBe(200);
		const reader = stream.body!.getReader();
		const decoder = new TextDecoder();
		let received = '';
		let assistantMessageId: string | undefined;
		while (!received.includes('event: token')) {
			const { value, done } = await reader.read();
			if (done) throw new Error(`The stream ended early: ${received}`);
			received += decoder.decode(value, { stream: true });
			assistantMessageId ??= /"assistantMessageId":"([0-9a-f-]{36})"/.exec(received)?.[1];
		}
		expect(assistantMessageId).toBeDefined();

		// Someone else cannot stop it (404), the owner can, from the other instance.
		const other = await signUp(http, newAccount('Olly Other'));
		const refused = await fetch(`${b.origin}/api/chats/${chatId}/messages/${assistantMessageId}/stop`, {
			method: 'POST',
			headers: { cookie: `${SESSION_COOKIE}=${other}`, origin: proxy.origin }
		});
		expect(refused.status).toBe(404);
		const stopAt = Date.now();
		const stop = await api(b.origin, 'POST', `/api/chats/${chatId}/messages/${assistantMessageId}/stop`);
		expect(stop.status).toBe(202);

		for (;;) {
			const { value, done } = await reader.read();
			if (done) break;
			received += decoder.decode(value, { stream: true });
		}
		expect(Date.now() - stopAt).toBeLessThan(1_000);
		expect(received).toMatch(/event: done\ndata: \{[^}]*"status":"stopped"/);
		const detail = (await (await api(proxy.origin, 'GET', `/api/chats/${chatId}`)).json()) as {
			messages: { id: string; status: string; content: string }[];
		};
		expect(detail.messages.find((m) => m.id === assistantMessageId)).toMatchObject({
			status: 'stopped',
			content: 'The first words of an answer'
		});
	});

	async function upload(files: { name: string; text: string }[]): Promise<string> {
		const created = await http.post(
			'/admin/corpus?/createCollection',
			{ name: `Batch ${files.length}`, slug: `batch-${files.length}`, description: '' },
			{ cookie: adminCookie }
		);
		expect(created.status).toBe(200);
		const form = new FormData();
		form.append('collection', `batch-${files.length}`);
		for (const f of files) form.append('files', new Blob([f.text], { type: 'text/markdown' }), f.name);
		const res = await fetch(new URL('/admin/corpus/upload', proxy.origin), {
			method: 'POST',
			redirect: 'manual',
			headers: { accept: 'text/html', origin: proxy.origin, cookie: `${SESSION_COOKIE}=${adminCookie}` },
			body: form
		});
		expect(res.status).toBe(303);
		return res.headers.get('location')!.match(/[0-9a-f-]{36}/)![0];
	}

	async function jobRow(id: string) {
		const [row] = await sql<{ status: string; attempts: number; progress: number; total: number }[]>`
			select status, attempts, progress, total from jobs where id = ${id}`;
		return row;
	}

	async function waitForJob(id: string, status: string): Promise<void> {
		while ((await jobRow(id)).status !== status) await new Promise((r) => setTimeout(r, 200));
	}

	const startedBy = (server: TestServer, jobId: string) =>
		server
			.output()
			.split('\n')
			.filter((line) => line.includes(`"jobId":"${jobId}"`) && line.includes('"msg":"job started"')).length;

	it('run an upload job on exactly one instance while both are polling', async () => {
		const jobId = await upload([
			{ name: 'one.md', text: '# Flu clinics\n\nBook a flu vaccination at your GP surgery.\n' },
			{ name: 'two.md', text: '# Parking\n\nVisitors park in the multi-storey car park.\n' }
		]);
		await waitForJob(jobId, 'succeeded');
		expect(await jobRow(jobId)).toMatchObject({ attempts: 1, progress: 2, total: 2 });
		expect(startedBy(a, jobId) + startedBy(b, jobId)).toBe(1);
	});

	it('finish a job on the survivor when the instance running it is killed', async () => {
		const files = Array.from({ length: 60 }, (_, i) => ({
			name: `leaflet-${i}.md`,
			text: `# Leaflet ${i}\n\n${`Leaflet ${i} explains how to book appointment ${i} and what to bring. `.repeat(40)}\n`
		}));
		const jobId = await upload(files);
		let running: TestServer | undefined;
		while (!running) {
			running = [a, b].find((s) => startedBy(s, jobId) > 0);
			if (!running) await new Promise((r) => setTimeout(r, 20));
		}
		running.kill('SIGKILL');
		survivor = running === a ? b : a;
		const killedAt = await jobRow(jobId);
		expect(killedAt.status).toBe('running');

		await waitForJob(jobId, 'succeeded');
		expect(await jobRow(jobId)).toMatchObject({ attempts: 2, progress: 60, total: 60 });
		expect(startedBy(survivor, jobId)).toBe(1);
		const [{ n }] = await sql<{ n: string }[]>`select count(*) as n from job_files
			where job_id = ${jobId} and status in ('done', 'skipped')`;
		expect(Number(n)).toBe(60);
		// The survivor still serves everyone through the proxy.
		expect((await http.get('/health')).status).toBe(200);
	});

	it('on SIGTERM, save an answer still being written as interrupted, with its text, and exit cleanly', async () => {
		const created = await api(proxy.origin, 'POST', '/api/chats', { title: 'Shutdown test' });
		const chatId = ((await created.json()) as { id: string }).id;
		stub.next({ kind: 'hang', chunks: ['Half of an answer'] });
		const stream = await api(survivor.origin, 'POST', `/api/chats/${chatId}/messages`, {
			content: 'Write a note about the new car park'
		});
		const reader = stream.body!.getReader();
		let received = '';
		while (!received.includes('event: token')) {
			const { value, done } = await reader.read();
			if (done) throw new Error(`The stream ended early: ${received}`);
			received += new TextDecoder().decode(value);
		}
		const stopped = survivor.stop();
		for (;;) {
			const { done } = await reader.read();
			if (done) break;
		}
		expect(await stopped).toMatchObject({ code: 0, forced: false });
		const rows = await sql<{ status: string; content: string }[]>`
			select status, content from messages where chat_id = ${chatId} and role = 'assistant'`;
		expect(rows).toEqual([{ status: 'interrupted', content: 'Half of an answer' }]);
	});
});
