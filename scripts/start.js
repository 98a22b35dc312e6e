/**
 * `npm start`: migrate (and seed) the database, build the app if the sources are newer than the
 * last build, then serve it on PORT (default 3000). Works on a fresh clone after `npm install`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const buildEntry = path.join(root, 'build', 'index.js');
const inputs = ['src', 'static', 'prompts', 'package.json', 'svelte.config.js', 'vite.config.ts'];

function newestMtime(target) {
	if (!existsSync(target)) return 0;
	const stat = statSync(target);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
	return newest;
}

function run(command, args) {
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const vite = path.join(root, 'node_modules', '.bin', 'vite');
const svelteKit = path.join(root, 'node_modules', '.bin', 'svelte-kit');

run(tsx, ['scripts/prepare.ts']);

const builtAt = existsSync(buildEntry) ? statSync(buildEntry).mtimeMs : 0;
const sourcesAt = Math.max(...inputs.map((p) => newestMtime(path.join(root, p))));
if (sourcesAt > builtAt) {
	console.log(builtAt ? 'Sources changed since the last build: building…' : 'First start: building the app…');
	run(svelteKit, ['sync']);
	run(vite, ['build', '--logLevel', 'warn']);
}

const port = process.env.PORT || '3000';
// Without ORIGIN the Node adapter assumes https, so form posts to http://localhost would fail the
// cross-site check. Serving anywhere else (a proxy, a domain, HTTPS): set ORIGIN to the public URL.
const origin = process.env.ORIGIN || `http://localhost:${port}`;
console.log(`NHS Comms Assist is starting on ${origin}`);
if (!process.env.ORIGIN) console.log('Set ORIGIN to the public URL when people reach it by another address.');
const server = spawn(process.execPath, [buildEntry], {
	cwd: root,
	stdio: 'inherit',
	// Upload batches are posted as one form; per-file limits (MAX_UPLOAD_MB) are enforced by the app.
	env: { NODE_ENV: 'production', BODY_SIZE_LIMIT: '512M', ...process.env, PORT: port, ORIGIN: origin }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
