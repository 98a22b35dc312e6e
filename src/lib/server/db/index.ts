import { getConfig } from '../config';
import { openDatabase, type Database, type DatabaseHandle } from './client';

export type { Database, DatabaseHandle } from './client';
export { DatabaseConnectionError, DatabaseInUseError, openDatabase } from './client';

let current: Promise<DatabaseHandle> | undefined;

/** The process-wide database, opened and migrated on first use. */
export function getDatabase(): Promise<DatabaseHandle> {
	if (!current) {
		current = (async () => {
			const handle = await openDatabase(getConfig().database);
			await handle.migrate();
			return handle;
		})();
		current.catch(() => {
			current = undefined;
		});
	}
	return current;
}

/** Whether this process has opened (or is opening) its database; nothing is opened by asking. */
export function databaseOpened(): boolean {
	return current !== undefined;
}

/** Shorthand for query modules. */
export async function getDb(): Promise<Database> {
	return (await getDatabase()).db;
}

/** Replaces the process-wide database (tests and command-line scripts open their own). */
export function useDatabase(handle: DatabaseHandle): void {
	current = Promise.resolve(handle);
}

export async function closeDatabase(): Promise<void> {
	if (!current) return;
	const handle = await current.catch(() => undefined);
	current = undefined;
	await handle?.close();
}
