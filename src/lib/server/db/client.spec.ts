import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock, DatabaseInUseError, isRunning } from './client';

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
	for (const child of children.splice(0)) child.kill('SIGKILL');
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A shell that starts a short child, then becomes `sleep`, which never reaps it: a zombie. */
async function zombie(): Promise<number> {
	const parent = spawn('sh', ['-c', 'sleep 0.05 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
	children.push(parent);
	const pid = await new Promise<number>((resolve) =>
		parent.stdout!.once('data', (c) => resolve(Number(String(c).trim())))
	);
	for (let i = 0; i < 100; i++) {
		if (readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ')) return pid;
		await new Promise((r) => setTimeout(r, 20));
	}
	throw new Error(`process ${pid} did not become a zombie`);
}

function running(): number {
	const child = spawn('sleep', ['30'], { stdio: 'ignore' });
	children.push(child);
	return child.pid!;
}

function lockedDir(pid: number): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'lock-'));
	dirs.push(dir);
	const dataDir = path.join(dir, 'pglite');
	writeFileSync(`${dataDir}.lock`, String(pid));
	return dataDir;
}

describe.runIf(existsSync('/proc/self/stat'))('the embedded database lock', () => {
	it('counts a running process as running, and an exited but unreaped one (a zombie) as gone', async () => {
		expect(isRunning(process.pid)).toBe(true);
		expect(isRunning(running())).toBe(true);
		expect(isRunning(await zombie())).toBe(false);
	});

	it('refuses a lock held by a running process, naming it', () => {
		const pid = running();
		expect(() => acquireLock(lockedDir(pid))).toThrow(DatabaseInUseError);
		expect(() => acquireLock(lockedDir(pid))).toThrow(`in use by another process (pid ${pid})`);
	});

	it('takes over a lock left by a stopped server that is still a zombie, and releases it', async () => {
		const dataDir = lockedDir(await zombie());
		const release = acquireLock(dataDir);
		expect(readFileSync(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
		release();
		expect(existsSync(`${dataDir}.lock`)).toBe(false);
	});
});
