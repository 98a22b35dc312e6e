/** Starting and stopping the built server, as the person who runs it sees it. */
import { describe, expect, it } from 'vitest';
import { client, newAccount, signIn, signUp } from './support/http';
import { createDatabase, runAppUntilExit, startServer } from './support/server';

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
