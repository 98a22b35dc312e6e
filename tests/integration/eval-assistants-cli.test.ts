/**
 * `npm run eval:assistants` as a person or CI runs it: a real process with its own embedded database,
 * the OpenAI stub as the configured model. Exit 0 at or above the threshold, 1 below, 2 for usage and
 * configuration problems.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStub, type OpenAIStub } from '../helpers/openai-stub';
import { createScratchPostgresDatabase } from '../helpers/test-db';

const onPostgres = process.env.TEST_DB === 'postgres';

const tsx = path.resolve('node_modules/.bin/tsx');
let dataDir: string;
let stub: OpenAIStub;
let postgres: { url: string; drop: () => Promise<void> } | undefined;

type Run = { code: number | null; stdout: string; stderr: string };

function evalAssistants(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
	const full: NodeJS.ProcessEnv = {
		...process.env,
		DATA_DIR: dataDir,
		DATABASE_URL: postgres?.url ?? '',
		EMBEDDINGS_PROVIDER: 'local',
		EMBEDDINGS_MODEL: '',
		EMBEDDINGS_CACHE_DIR: path.join(os.tmpdir(), 'nca-wink-cache'),
		CHAT_MODELS: 'stub-model',
		OPENAI_BASE_URL: stub.baseUrl,
		OPENAI_API_KEY: 'test-key',
		// The fresh database has no guidance library, so the guidance search logs an error on every case.
		LOG_LEVEL: 'silent',
		...env
	};
	delete full.EMBEDDINGS_DIMENSIONS;
	return new Promise((resolve) => {
		execFile(
			tsx,
			['scripts/eval-assistants.ts', ...args],
			{ cwd: path.resolve('.'), timeout: 120_000, env: full },
			(error, stdout, stderr) => {
				resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
			}
		);
	});
}

const GOOD = 'Call NHS 111 if you feel worse. A colonoscopy is a test that looks inside your bowel.';

beforeAll(async () => {
	dataDir = mkdtempSync(path.join(os.tmpdir(), 'eval-assistants-'));
	if (onPostgres) postgres = await createScratchPostgresDatabase();
	stub = await startOpenAIStub();
	// Intake extraction finds nothing in the request; the judge gives every rubric a 4.
	stub.replyTo = (r) =>
		r.messages.some((m) => m.content.includes('Score it against'))
			? '{"score": 4, "comment": "Clear"}'
			: '{"answers": {}}';
});

afterAll(async () => {
	await stub?.close();
	await postgres?.drop();
	rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run eval:assistants', () => {
	it('exits 2 with a clear message when no model is configured, or the arguments are wrong', async () => {
		const none = await evalAssistants(['--only', 'plain-english'], { CHAT_MODELS: '', OPENAI_BASE_URL: '' });
		expect(none.code).toBe(2);
		expect(none.stderr).toContain('No language model is set up');
		const threshold = await evalAssistants(['--threshold', '2']);
		expect(threshold.code).toBe(2);
		expect(threshold.stderr).toContain('--threshold must be a number from 0 to 1');
		const unknown = await evalAssistants(['--only', 'no-such-assistant']);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toContain('There is no built-in assistant with the key "no-such-assistant"');
	}, 300_000);

	it('exits 0 at the threshold and 1 below it, naming what failed', async () => {
		for (let i = 0; i < 4; i++) stub.next({ kind: 'answer', chunks: [GOOD] });
		const pass = await evalAssistants(['--only', 'plain-english', '--json']);
		expect(pass.stderr).toBe('');
		expect(pass.code).toBe(0);
		const report = JSON.parse(pass.stdout) as {
			passed: boolean;
			assistants: { key: string; passRate: number; total: number }[];
		};
		expect(report.passed).toBe(true);
		expect(report.assistants).toEqual([
			expect.objectContaining({ key: 'plain-english', passRate: 1, total: 4, shippedVersion: null, addedCases: 0 })
		]);

		stub.next({ kind: 'answer', chunks: ['Please commence fasting at midnight.'] });
		for (let i = 0; i < 3; i++) stub.next({ kind: 'answer', chunks: [GOOD] });
		const below = await evalAssistants(['--only', 'plain-english', '--threshold', '0.8']);
		expect(below.code).toBe(1);
		expect(below.stdout).toMatch(/plain-english\s+\d+\s+3\/4\s+75%\s+below threshold/);
		expect(below.stdout).toContain('Must include "NHS 111" but it was not found');
		expect(below.stdout).toContain('Must avoid "commence" but it was found');
	}, 300_000);
});
