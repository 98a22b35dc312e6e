/** Run by `npm start` before the server: migrate, then load the sample corpus into an empty library. */
import { seedSampleCorpusIfEmpty } from '../src/lib/server/ingestion/seed';
import { fail, withDatabase } from './cli-support';

try {
	await withDatabase(async () => {
		const results = await seedSampleCorpusIfEmpty((line) => console.log(`  ${line}`));
		if (results.length) console.log(`Loaded the sample NHS guidance corpus: ${results.length} documents.`);
		console.log('Database is ready.');
	});
} catch (e) {
	fail(e);
}
