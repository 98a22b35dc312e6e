/**
 * Run by `npm start` before the server: migrate, load the sample corpus into an empty library, and
 * load the built-in assistants (the server checks them again at start-up; that second load is a no-op).
 */
import {
	BuiltinAssistantError,
	describeBuiltinLoad,
	loadBuiltinAssistants
} from '../src/lib/server/assistants/builtins';
import { seedPromptExamples } from '../src/lib/server/assistants/prompt-examples';
import { seedSampleCorpusIfEmpty } from '../src/lib/server/ingestion/seed';
import { fail, withDatabase } from './cli-support';

try {
	await withDatabase(async () => {
		// Built-in assistants first: a bad file should stop start-up before the slower corpus load.
		const builtins = describeBuiltinLoad(await loadBuiltinAssistants());
		if (builtins) console.log(builtins);
		// A bad examples file is reported but does not stop start-up: the library works without them.
		await seedPromptExamples()
			.then((n) => n && console.log(`Added ${n} example prompts to the organisation prompt library.`))
			.catch((e) => console.error(`Could not add the example prompts. ${e instanceof Error ? e.message : e}`));
		const results = await seedSampleCorpusIfEmpty((line) => console.log(`  ${line}`));
		if (results.length) console.log(`Loaded the sample NHS guidance corpus: ${results.length} documents.`);
		console.log('Database is ready.');
	});
} catch (e) {
	// A bad built-in assistant file: say which file and what is wrong, without a stack trace.
	if (e instanceof BuiltinAssistantError) {
		console.error(`NHS Comms Assist cannot start. ${e.message}`);
		process.exit(1);
	}
	fail(e);
}
