import { ConfigError, getConfig } from '../config';
import { DatabaseConnectionError, DatabaseInUseError, getDatabase } from '../db';
import { startBackgroundWork } from '../ingestion/startup';

/** Start-up: validate configuration and open and migrate the database, or stop with a clear reason. */
export async function initServer(): Promise<void> {
	try {
		getConfig();
		await getDatabase();
	} catch (e) {
		if (e instanceof ConfigError || e instanceof DatabaseConnectionError || e instanceof DatabaseInUseError) {
			console.error(`NHS Comms Assist cannot start.\n${e.message}`);
		} else {
			console.error('NHS Comms Assist cannot start: the database could not be prepared.', e);
		}
		process.exit(1);
	}
	startBackgroundWork();
}
