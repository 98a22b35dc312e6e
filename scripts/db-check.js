/**
 * `npm run db:check`: fails when the drizzle schema and `migrations/` disagree, by generating
 * into a scratch copy of the migrations and seeing whether drizzle-kit writes anything new.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'nca-db-check-'));
try {
	cpSync(path.join(root, 'migrations'), scratch, { recursive: true });
	const before = new Set(readdirSync(scratch));
	const result = spawnSync(path.join(root, 'node_modules', '.bin', 'drizzle-kit'), ['generate'], {
		cwd: root,
		// drizzle-kit prefixes the out path with './', so it must be relative to the project.
		env: { ...process.env, DRIZZLE_OUT: path.relative(root, scratch) },
		encoding: 'utf8'
	});
	// drizzle-kit can report some failures with exit code 0, so agreement must be stated, not assumed.
	const agreed = /No schema changes/i.test(`${result.stdout}${result.stderr}`);
	if (result.status !== 0 || (!agreed && !readdirSync(scratch).some((f) => !before.has(f)))) {
		console.error(result.stdout, result.stderr);
		console.error('db:check: drizzle-kit generate failed');
		process.exit(1);
	}
	const added = readdirSync(scratch).filter((f) => !before.has(f) && f.endsWith('.sql'));
	if (added.length) {
		console.error(
			`db:check: the schema in src/lib/server/db/schema has changes that migrations/ does not have.\n` +
				`Run \`npm run db:generate\` and commit the new migration.`
		);
		process.exit(1);
	}
	console.log('db:check: schema and migrations agree');
} finally {
	rmSync(scratch, { recursive: true, force: true });
}
