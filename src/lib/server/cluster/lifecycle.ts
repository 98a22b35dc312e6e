/**
 * Readiness and shutdown of this instance. `GET /ready` says whether a load balancer should send it
 * new requests: the database answers, its migrations are this build's, and it is not shutting down.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appliedMigrationCount, pingDatabase } from '../db/queries/health';

let shuttingDown = false;

export function beginShutdown(): void {
	shuttingDown = true;
}

export function isShuttingDown(): boolean {
	return shuttingDown;
}

let expected: number | undefined;

/** The number of migrations this build ships (migrations/meta/_journal.json). */
function expectedMigrations(): number {
	if (expected === undefined) {
		const journal = JSON.parse(readFileSync(path.resolve('migrations/meta/_journal.json'), 'utf8')) as {
			entries: unknown[];
		};
		expected = journal.entries.length;
	}
	return expected;
}

export type Readiness = {
	ready: boolean;
	database: 'ok' | 'error';
	migrations: 'ok' | 'pending' | 'unknown';
	shuttingDown: boolean;
};

export async function readiness(): Promise<Readiness> {
	const database = (await pingDatabase()) ? 'ok' : 'error';
	let migrations: Readiness['migrations'] = 'unknown';
	if (database === 'ok') {
		try {
			migrations = (await appliedMigrationCount()) >= expectedMigrations() ? 'ok' : 'pending';
		} catch {
			migrations = 'unknown';
		}
	}
	return {
		ready: database === 'ok' && migrations === 'ok' && !shuttingDown,
		database,
		migrations,
		shuttingDown
	};
}
