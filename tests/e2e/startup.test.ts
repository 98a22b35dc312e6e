/** The built server refuses to start with a bad DATABASE_URL, and says why. */
import { describe, expect, it } from 'vitest';
import { runAppUntilExit } from './support/server';

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
