// Registers the feedback-analysis job kind, so this instance resumes analyses a stopped one left.
import '../analysis/job';
// Registers the assistant-evaluation job kind (runs of an assistant's test cases).
import '../assistants/evaluation/runner';
import { BuiltinCasesError } from '../assistants/evaluation/builtin-cases';
import { syncBuiltinCases } from '../assistants/evaluation/sync';
import { BuiltinAssistantError, describeBuiltinLoad, loadBuiltinAssistants } from '../assistants/builtins';
import { interruptAllAnswers, startAnswerKeeper, waitForAnswers } from '../cluster/answers';
import { startClusterBus, stopClusterBus } from '../cluster/bus';
import { beginShutdown } from '../cluster/lifecycle';
import { ConfigError, getConfig } from '../config';
import { closeDatabase, DatabaseConnectionError, DatabaseInUseError, getDatabase } from '../db';
import { markStreamingMessagesInterrupted } from '../db/queries/chats';
import { seedStyleRules } from '../governance/style-rules';
import { seedSampleCorpusIfEmpty } from '../ingestion/seed';
import { startBackgroundWork } from '../ingestion/startup';
import { seedAcceptableUseIfNone } from '../governance/acceptable-use';
import { startRetentionSchedule } from '../governance/retention';
import { encryptLegacyTotpKeys } from '../auth/totp-key';
import { errorFields, logger } from '../observability/log';

/** Start-up: validate configuration and open and migrate the database, or stop with a clear reason. */
export async function initServer(): Promise<void> {
	let kind: 'pglite' | 'postgres';
	try {
		getConfig();
		kind = (await getDatabase()).kind;
	} catch (e) {
		// Said in plain words on the console: this is read by the person starting the server.
		if (e instanceof ConfigError || e instanceof DatabaseConnectionError || e instanceof DatabaseInUseError) {
			console.error(`NHS Comms Assist cannot start.\n${e.message}`);
		} else {
			console.error('NHS Comms Assist cannot start: the database could not be prepared.', e);
		}
		process.exit(1);
	}
	const log = logger();
	const { jobStaleSeconds, shutdownGraceMs } = getConfig().operations;
	// The embedded database has one process, so every answer left streaming was abandoned. On PostgreSQL other
	// instances may be streaming answers now: only answers nobody has touched for a while are abandoned.
	const interrupted = await markStreamingMessagesInterrupted(kind === 'pglite' ? undefined : jobStaleSeconds);
	if (interrupted) log.warn({ count: interrupted }, 'marked unfinished answers from a stopped instance as interrupted');
	// Built-in draft-check rules: only missing ids are added, so an admin's edits are kept.
	await seedStyleRules().catch((e) => log.error(errorFields(e), 'could not add the built-in draft-check rules'));
	// With SECRETS_KEY set, authenticator keys saved before it was are encrypted in place (read either way).
	await encryptLegacyTotpKeys()
		.then((count) => count && log.info({ count }, 'encrypted authenticator keys saved before SECRETS_KEY was set'))
		.catch((e) => log.error(errorFields(e), 'could not encrypt the authenticator keys saved before SECRETS_KEY'));
	// Every installation starts with an acceptable-use statement that people accept before working.
	if (await seedAcceptableUseIfNone()) log.info('wrote the default acceptable-use statement');
	// Built-in assistants come from prompts/assistants/: a bad file stops start-up with its name and problem.
	try {
		const message = describeBuiltinLoad(await loadBuiltinAssistants());
		if (message) log.info(message);
		// Their test cases ship beside them (<key>.cases.yaml), kept in step by case key.
		const synced = await syncBuiltinCases();
		if (synced.removed) log.info(synced, 'built-in test cases: removed cases no longer in their files');
	} catch (e) {
		const known = e instanceof BuiltinAssistantError || e instanceof BuiltinCasesError;
		console.error('NHS Comms Assist cannot start.', known ? e.message : e);
		process.exit(1);
	}
	seedEmbeddedLibrary(kind);
	await startClusterBus().catch((e) =>
		log.error(
			errorFields(e),
			'could not listen for messages from other instances; Stop and cache changes from them will not reach this one'
		)
	);
	const stopAnswerKeeper = startAnswerKeeper(jobStaleSeconds);
	const stopBackgroundWork = startBackgroundWork();
	const stopRetention = startRetentionSchedule();
	onShutdown({ stopAnswerKeeper, stopBackgroundWork, stopRetention, shutdownGraceMs });
}

/**
 * SIGTERM/SIGINT: /ready turns 503 at once and adapter-node stops accepting connections; answers being
 * written get SHUTDOWN_GRACE_SECONDS to finish, then are stopped and saved as `interrupted` with their
 * text so far. Once the server has closed (`sveltekit:shutdown`), the database is closed.
 */
function onShutdown(parts: {
	stopAnswerKeeper: () => void;
	stopBackgroundWork: () => Promise<void>;
	stopRetention: () => void;
	shutdownGraceMs: number;
}): void {
	let begun = false;
	const begin = (signal: string) => {
		if (begun) return;
		begun = true;
		beginShutdown();
		logger().info({ signal }, 'shutting down: finishing answers in progress');
		parts.stopRetention();
		// A job cut short here is taken over by another instance once its heartbeat is stale.
		void parts.stopBackgroundWork();
		void waitForAnswers(parts.shutdownGraceMs).then(() => interruptAllAnswers(5_000));
	};
	process.once('SIGTERM', () => begin('SIGTERM'));
	process.once('SIGINT', () => begin('SIGINT'));
	// adapter-node emits this once open requests have finished. Without closing, the job worker's timer
	// (and PGlite's) keep the process alive, and the embedded database is never shut down.
	process.once('sveltekit:shutdown', () => {
		begin('shutdown');
		void (async () => {
			await interruptAllAnswers(5_000);
			parts.stopAnswerKeeper();
			await stopClusterBus().catch(() => {});
			await closeDatabase().catch((e) => logger().error(errorFields(e), 'could not close the database cleanly'));
		})();
	});
}

/**
 * `npm start` seeds the sample library before a build, but a warm start (already built) goes straight
 * to the server. An embedded database is only ever open in this one process, so seeding an empty one
 * here cannot race another instance; shared PostgreSQL is seeded by `npm start` or the corpus command.
 */
function seedEmbeddedLibrary(kind: 'pglite' | 'postgres'): void {
	if (kind !== 'pglite') return;
	seedSampleCorpusIfEmpty()
		.then((results) => {
			if (results.length) logger().info({ documents: results.length }, 'loaded the sample NHS guidance corpus');
		})
		.catch((e) => logger().error(errorFields(e), 'could not load the sample NHS guidance corpus'));
}
