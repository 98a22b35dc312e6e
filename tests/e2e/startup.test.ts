/** Starting and stopping the built server, as the person who runs it sees it. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { client, newAccount, signIn, signUp } from './support/http';
import { createDatabase, freePort, runAppUntilExit, startServer } from './support/server';

describe('starting with a bad DATABASE_URL', () => {
	it('stops at once when it is not a PostgreSQL URL, naming the variable', async () => {
		const result = await runAppUntilExit({ DATABASE_URL: 'not-a-url' });
		expect(result.timedOut, result.output).toBe(false);
		expect(result.code, result.output).not.toBe(0);
		expect(result.output).toContain('NHS Comms Assist cannot start');
		expect(result.output).toMatch(/DATABASE_URL must be a PostgreSQL connection string/);
		expect(result.output).not.toMatch(/Listening on/);
	});

	it('stops when the database cannot be reached, without printing the password', async () => {
		// Port 1 on the loopback address refuses connections at once.
		const result = await runAppUntilExit({ DATABASE_URL: 'postgres://nobody:hunter2secret@127.0.0.1:1/x' });
		expect(result.timedOut, result.output).toBe(false);
		expect(result.code, result.output).not.toBe(0);
		expect(result.output).toContain('NHS Comms Assist cannot start');
		expect(result.output).toMatch(/Could not connect to the database at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/x/);
		expect(result.output).not.toContain('hunter2secret');
		expect(result.output).not.toMatch(/Listening on/);
	});
});

describe('stopping', () => {
	it('exits cleanly and promptly on SIGTERM, and starts again on the same data', async () => {
		const database = await createDatabase();
		try {
			const first = await startServer({}, database);
			const account = newAccount('Hal Jordan');
			await signUp(client(first.origin), account);

			// Container runtimes send SIGTERM and wait about 10 seconds before SIGKILL.
			const stopped = await first.stop();
			expect(stopped, first.output()).toMatchObject({ code: 0, signal: null, forced: false });
			expect(stopped.ms).toBeLessThan(5_000);

			const second = await startServer({}, database);
			try {
				await expect(signIn(client(second.origin), account.email, account.password)).resolves.toMatch(/^[a-z2-7]{32}$/);
			} finally {
				await second.stop();
			}
		} finally {
			await database.remove();
		}
	});
});

describe('npm start', () => {
	it('serves working forms on http://localhost without any configuration', async () => {
		// The launcher `npm start` runs: without ORIGIN the Node adapter would assume https and refuse
		// every form post as cross-site.
		const database = await createDatabase();
		const port = await freePort();
		const child = spawn(process.execPath, ['scripts/start.js'], {
			cwd: path.resolve(import.meta.dirname, '../..'),
			env: {
				PATH: process.env.PATH,
				HOME: process.env.HOME,
				PORT: String(port),
				SEED_SAMPLE_CORPUS: 'false',
				...database.env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
		child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
		const origin = `http://localhost:${port}`;
		try {
			const deadline = Date.now() + 110_000;
			let healthy = false;
			while (!healthy && Date.now() < deadline && child.exitCode === null) {
				healthy = await fetch(`${origin}/health`, { signal: AbortSignal.timeout(2_000) })
					.then((r) => r.status === 200)
					.catch(() => false);
				if (!healthy) await new Promise((r) => setTimeout(r, 250));
			}
			expect(healthy, output).toBe(true);
			await expect(signUp(client(origin), newAccount('Lin Start'))).resolves.toMatch(/^[a-z2-7]{32}$/);
		} finally {
			child.kill('SIGTERM');
			await new Promise((r) => child.once('exit', r));
			await database.remove();
		}
	}, 120_000);
});
