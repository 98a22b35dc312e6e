/**
 * Prepared statements for the queries every chat turn runs: the query is built once per database
 * (not re-built by drizzle on every call) and, on PostgreSQL, parsed and planned once per connection.
 */
import type { Database } from './client';

const byDatabase = new WeakMap<Database, Map<string, unknown>>();

/** The statement `name` for this database, built with `build` on first use. */
export function prepared<T>(db: Database, name: string, build: (db: Database) => T): T {
	let statements = byDatabase.get(db);
	if (!statements) {
		statements = new Map();
		byDatabase.set(db, statements);
	}
	let statement = statements.get(name) as T | undefined;
	if (statement === undefined) {
		statement = build(db);
		statements.set(name, statement);
	}
	return statement;
}
