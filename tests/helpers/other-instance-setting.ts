/**
 * Another app instance, in its own process, saving one organisation setting in a shared PostgreSQL
 * database: `tsx tests/helpers/other-instance-setting.ts <database url> <key> <json value>`.
 */
import { closeDatabase, openDatabase, useDatabase } from '../../src/lib/server/db';
import { setSetting, type SettingKey } from '../../src/lib/server/governance/settings';

const [url, key, value] = process.argv.slice(2);
useDatabase(await openDatabase({ kind: 'postgres', url, poolMax: 1 }));
const saved = await setSetting(key as SettingKey, JSON.parse(value), null);
await closeDatabase();
if (!saved.ok) {
	console.error(saved.message);
	process.exit(1);
}
