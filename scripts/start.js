/**
 * `npm start`: migrate (and seed) the database, build the app if the sources are newer than the
 * last build, then serve it on PORT (default 3000). Works on a fresh clone after `npm install`, and
 * after `npm install --ignore-scripts`: nothing here relies on a file that a later step generates.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const buildEntry = path.join(root, 'build', 'index.js');
const inputs = ['src', 'static', 'prompts', 'wordlists', 'package.json', 'svelte.config.js', 'vite.config.ts'];

function newestMtime(target) {
	if (!existsSync(target)) return 0;
	const stat = statSync(target);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
	return newest;
}

/** Runs a noisy tool quietly: its output is shown only when it fails. */
function runQuietly(command, args) {
	const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	if (result.status === 0) return;
	process.stdout.write(result.stdout ?? '');
	process.stderr.write(result.stderr ?? '');
	process.exit(result.status ?? 1);
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/** Starts a command; a quiet one's output is kept to show only if it fails. */
function start(command, args, { quiet }) {
	const child = spawn(command, args, { cwd: root, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
	let output = '';
	child.stdout?.on('data', (c) => (output += c));
	child.stderr?.on('data', (c) => (output += c));
	const done = new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
	return { child, done };
}

// The `$lib` alias that the start-up scripts import through is declared in SvelteKit's generated
// tsconfig. `npm install` writes it (the `prepare` script); write it here too if it is missing.
if (!existsSync(path.join(root, '.svelte-kit', 'tsconfig.json'))) runQuietly(bin('svelte-kit'), ['sync']);

const builtAt = existsSync(buildEntry) ? statSync(buildEntry).mtimeMs : 0;
const sourcesAt = Math.max(...inputs.map((p) => newestMtime(path.join(root, p))));
// A warm start (built and current) goes straight to the server, which migrates, checks the built-in
// assistants and seeds an empty embedded library itself. Before a build, the same preparation runs
// alongside the build (they share nothing), and a bad built-in assistant file stops both.
if (sourcesAt > builtAt) {
	const started = Date.now();
	console.log(
		builtAt
			? 'Sources changed since the last build: building the app…'
			: 'First start: building the app (about a minute)…'
	);
	runQuietly(bin('svelte-kit'), ['sync']);
	const build = start(bin('vite'), ['build', '--logLevel', 'error'], { quiet: true });
	const prepare = start(bin('tsx'), ['scripts/prepare.ts'], { quiet: false });
	const prepared = await prepare.done;
	if (prepared.code !== 0) {
		build.child.kill('SIGTERM');
		process.exit(prepared.code ?? 1);
	}
	const built = await build.done;
	if (built.code !== 0) {
		process.stdout.write(built.output);
		process.exit(built.code ?? 1);
	}
	console.log(`Built in ${Math.round((Date.now() - started) / 1000)} s.`);
}

const port = process.env.PORT || '3000';
// Without ORIGIN the Node adapter assumes https, so form posts to http://localhost would fail the
// cross-site check. The app accepts every loopback name (localhost, 127.0.0.1, [::1]) for a loopback
// ORIGIN. Serving anywhere else (a proxy, a domain, HTTPS): set ORIGIN to the public URL.
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
