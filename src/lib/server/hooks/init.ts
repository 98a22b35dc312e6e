import { ConfigError, getConfig } from '../config';
import { closeDatabase, DatabaseConnectionError, DatabaseInUseError, getDatabase } from '../db';
import { markStreamingMessagesInterrupted } from '../db/queries/chats';
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
	// No answer can be streaming yet: any left `streaming` belonged to a process that stopped mid-answer.
	const interrupted = await markStreamingMessagesInterrupted();
	if (interrupted) console.warn(`Marked ${interrupted} unfinished answer(s) from before the restart as interrupted`);
	const stopBackgroundWork = startBackgroundWork();
	// adapter-node emits this on SIGTERM/SIGINT once open requests have finished. Without it the job
	// worker's timer (and PGlite's) keep the process alive, and the embedded database is never shut down.
	process.once('sveltekit:shutdown', () => {
		stopBackgroundWork();
		closeDatabase().catch((e) => console.error('Could not close the database cleanly', e));
	});
}
