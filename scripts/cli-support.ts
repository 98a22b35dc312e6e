/** Shared start-up for command-line scripts: open the configured database or explain why not. */
import { ConfigError, getConfig } from '../src/lib/server/config';
import {
	DatabaseConnectionError,
	DatabaseInUseError,
	openDatabase,
	useDatabase,
	closeDatabase
} from '../src/lib/server/db';

export async function withDatabase<T>(work: () => Promise<T>): Promise<T> {
	try {
		const handle = await openDatabase(getConfig().database);
		await handle.migrate();
		useDatabase(handle);
	} catch (e) {
		fail(e);
	}
	try {
		return await work();
	} finally {
		await closeDatabase();
	}
}

/** Prints a clear message for known start-up problems and exits non-zero. */
export function fail(e: unknown): never {
	if (e instanceof ConfigError || e instanceof DatabaseConnectionError || e instanceof DatabaseInUseError) {
		console.error(e.message);
	} else if (e instanceof UsageError) {
		console.error(`${e.message}\n\n${e.usage}`);
	} else {
		console.error(e);
	}
	process.exit(1);
}

export class UsageError extends Error {
	constructor(
		message: string,
		readonly usage: string
	) {
		super(message);
	}
}
