/** `npm run db:migrate`: applies pending migrations to the configured database. */
import { getConfig } from '../src/lib/server/config';
import { withDatabase, fail } from './cli-support';

try {
	const config = getConfig();
	await withDatabase(async () => {
		const where =
			config.database.kind === 'postgres'
				? 'PostgreSQL (DATABASE_URL)'
				: `embedded database in ${config.database.dataDir}`;
		console.log(`Database is up to date: ${where}`);
	});
} catch (e) {
	fail(e);
}
