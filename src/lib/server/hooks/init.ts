import { BuiltinAssistantError, describeBuiltinLoad, loadBuiltinAssistants } from '../assistants/builtins';
import { ConfigError, getConfig } from '../config';
import { closeDatabase, DatabaseConnectionError, DatabaseInUseError, getDatabase } from '../db';
import { markStreamingMessagesInterrupted } from '../db/queries/chats';
import { seedStyleRules } from '../governance/style-rules';
import { seedSampleCorpusIfEmpty } from '../ingestion/seed';
import { startBackgroundWork } from '../ingestion/startup';
import { seedAcceptableUseIfNone } from '../governance/acceptable-use';
import { startRetentionSchedule } from '../governance/retention';

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
	// Built-in draft-check rules: only missing ids are added, so an admin's edits are kept.
	await seedStyleRules().catch((e) => console.error('Could not add the built-in draft-check rules', e));
	// Every installation starts with an acceptable-use statement that people accept before working.
	if (await seedAcceptableUseIfNone()) console.log('Wrote the default acceptable-use statement');
	// Built-in assistants come from prompts/assistants/: a bad file stops start-up with its name and problem.
	try {
		const message = describeBuiltinLoad(await loadBuiltinAssistants());
		if (message) console.log(message);
	} catch (e) {
		console.error('NHS Comms Assist cannot start.', e instanceof BuiltinAssistantError ? e.message : e);
		process.exit(1);
	}
	seedEmbeddedLibrary();
	const stopBackgroundWork = startBackgroundWork();
	const stopRetention = startRetentionSchedule();
	// adapter-node emits this on SIGTERM/SIGINT once open requests have finished. Without it the job
	// worker's timer (and PGlite's) keep the process alive, and the embedded database is never shut down.
	process.once('sveltekit:shutdown', () => {
		stopBackgroundWork();
		stopRetention();
		closeDatabase().catch((e) => console.error('Could not close the database cleanly', e));
	});
}

/**
 * `npm start` seeds the sample library before a build, but a warm start (already built) goes straight
 * to the server. An embedded database is only ever open in this one process, so seeding an empty one
 * here cannot race another instance; shared PostgreSQL is seeded by `npm start` or the corpus command.
 */
function seedEmbeddedLibrary(): void {
	if (getConfig().database.kind !== 'pglite') return;
	seedSampleCorpusIfEmpty()
		.then((results) => {
			if (results.length) console.log(`Loaded the sample NHS guidance corpus: ${results.length} documents.`);
		})
		.catch((e) => console.error('Could not load the sample NHS guidance corpus', e));
}
