/**
 * `npm run bench:analysis`: feedback analysis at scale, against the OpenAI-compatible test stub.
 *
 *   npm run bench:analysis -- [--responses 5000] [--delay 0] [--database-url URL] [--json]
 *
 * Builds a spreadsheet attachment of synthetic survey responses (with names, emails and NHS numbers in
 * some) in a fresh database (in-memory PGlite, or a throwaway `nca_bench_<random>` PostgreSQL database
 * with --database-url, dropped afterwards), starts an OpenAI-compatible stub on 127.0.0.1 that answers the
 * analysis prompts from their content (after --delay ms), and runs the real analysis job twice:
 *
 *   1. straight through: wall time, model calls against the budget 2 × ceil(n / 20) + 20, the most calls in
 *      flight, and whether the counts match the synthetic topics;
 *   2. with a restart: the first run's model calls stop coming back half way through mapping (as if its
 *      server died), a second run takes the job over once its heartbeat is stale and finishes; the report
 *      says whether any finished batch was asked for again, and that the stopped run changed nothing.
 *
 * Memory is this process's RSS before the runs and at its peak (the stub, the client and, with PGlite, the
 * database share the process with the job). Run it with LOG_LEVEL=warn to keep the job's logs quiet.
 * Progress goes to stderr, the report to stdout (one JSON object with --json).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { callBudget } from '../src/lib/server/analysis/plan';
import { getConfig } from '../src/lib/server/config';
import { startAnalysis } from '../src/lib/server/analysis/start';
import { closeDatabase, openDatabase, useDatabase } from '../src/lib/server/db';
import { findAnalysis, listFinishedBatches } from '../src/lib/server/db/queries/analyses';
import { countUnassigned, listThemesWithCounts } from '../src/lib/server/db/queries/analysis-results';
import { insertAttachment } from '../src/lib/server/db/queries/attachments';
import {
	ageJobHeartbeatForBenchmark,
	createBenchmarkDatabase,
	dropBenchmarkDatabase
} from '../src/lib/server/db/queries/bench';
import { insertChat } from '../src/lib/server/db/queries/chats';
import { createUser } from '../src/lib/server/db/queries/users';
import { runNextJob } from '../src/lib/server/jobs/worker';
import { useChatSettings } from '../src/lib/server/llm/chat-models';
import {
	analysisModel,
	analysisTask,
	expectedCounts,
	promptResponses,
	syntheticResponses
} from '../tests/helpers/analysis';
import { startOpenAIStub, type OpenAIStub } from '../tests/helpers/openai-stub';
import { UsageError, fail } from './cli-support';

const usage = 'Usage: npm run bench:analysis -- [--responses 5000] [--delay 0] [--database-url URL] [--json]';
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);
console.log = (...args: unknown[]) => console.error(...args);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function options() {
	const { values } = parseArgs({
		options: {
			responses: { type: 'string', default: '5000' },
			delay: { type: 'string', default: '0' },
			'database-url': { type: 'string' },
			json: { type: 'boolean', default: false }
		}
	});
	const responses = Number(values.responses);
	const delay = Number(values.delay);
	if (!Number.isInteger(responses) || responses < 20 || responses > 20_000) {
		throw new UsageError('--responses must be a whole number from 20 to 20000', usage);
	}
	if (!Number.isFinite(delay) || delay < 0) throw new UsageError('--delay must be a number of milliseconds', usage);
	return { responses, delay, databaseUrl: values['database-url'], json: values.json! };
}

/** A fresh database: in-memory PGlite, or a new PostgreSQL database (returns how to drop it). */
async function openBenchDatabase(url: string | undefined): Promise<() => Promise<void>> {
	if (!url) {
		const handle = await openDatabase({ kind: 'pglite', dataDir: 'memory' });
		await handle.migrate();
		useDatabase(handle);
		return () => closeDatabase();
	}
	const name = `nca_bench_${randomBytes(5).toString('hex')}`;
	useDatabase(await openDatabase({ kind: 'postgres', url, poolMax: 2 }));
	await createBenchmarkDatabase(name);
	await closeDatabase();
	const target = new URL(url);
	target.pathname = `/${name}`;
	const handle = await openDatabase({ kind: 'postgres', url: target.toString(), poolMax: 10 });
	await handle.migrate();
	useDatabase(handle);
	return async () => {
		await closeDatabase();
		useDatabase(await openDatabase({ kind: 'postgres', url, poolMax: 2 }));
		await dropBenchmarkDatabase(name);
		await closeDatabase();
	};
}

type Setup = {
	user: { id: string; email: string; name: string; role: 'admin' | 'member' };
	chatId: string;
	attachmentId: string;
};

async function setUp(n: number): Promise<Setup> {
	const created = await createUser({
		email: `bench-${randomBytes(3).toString('hex')}@nhs.net`,
		name: 'Bench',
		passwordHash: 'x'
	});
	const user = { id: created.id, email: created.email, name: created.name, role: created.role };
	const chat = await insertChat({ userId: user.id });
	const rows = syntheticResponses(n).map((r, i) => [String(i + 1), r.text]);
	const attachment = await insertAttachment(
		{
			chatId: chat.id,
			userId: user.id,
			fileName: 'survey.csv',
			kind: 'table',
			format: 'csv',
			byteSize: rows.reduce((sum, r) => sum + r[1].length + 8, 0),
			text: rows.map((r) => r.join(' | ')).join('\n'),
			columns: ['id', 'comment'],
			rows,
			personalData: {}
		},
		[]
	);
	return { user, chatId: chat.id, attachmentId: attachment.id };
}

async function start(setup: Setup): Promise<{ id: string; jobId: string }> {
	const started = await startAnalysis(setup.user, setup.chatId, {
		attachmentId: setup.attachmentId,
		column: 'comment'
	});
	if (!started.ok) throw new Error(started.message);
	return { id: started.analysis.id, jobId: started.analysis.jobId! };
}

async function finishedMapBatches(id: string): Promise<number[]> {
	return (await listFinishedBatches(id, 'map')).map((b) => b.index);
}

/** Whether the themes found match the synthetic topics exactly. */
async function countsMatch(id: string, n: number): Promise<boolean> {
	const expected = expectedCounts(syntheticResponses(n));
	const themes = await listThemesWithCounts(id);
	const found = Object.fromEntries(themes.map((t) => [t.title, t.count]));
	const same = Object.entries(expected.byTitle).every(([title, count]) => found[title] === count);
	return (
		same && themes.length === Object.keys(expected.byTitle).length && (await countUnassigned(id)) === expected.none
	);
}

function delayed(stub: OpenAIStub, delay: number): void {
	stub.replyTo = async (r) => {
		if (delay) await sleep(delay);
		return analysisModel(r);
	};
}

async function straightRun(stub: OpenAIStub, n: number, delay: number) {
	const setup = await setUp(n);
	delayed(stub, delay);
	stub.maxInFlight = 0;
	const before = stub.requests.length;
	const startedAt = performance.now();
	const { id } = await start(setup);
	if (!(await runNextJob())) throw new Error('The analysis job was not claimed');
	const wallSeconds = (performance.now() - startedAt) / 1000;
	const analysis = await findAnalysis(id);
	return {
		status: analysis?.status,
		wallSeconds: Math.round(wallSeconds * 10) / 10,
		modelCalls: stub.requests.length - before,
		budget: callBudget(n),
		maxInFlight: stub.maxInFlight,
		countsMatch: await countsMatch(id, n)
	};
}

/** Runs until half the mapping batches are done, then "dies"; returns the held calls and the dying run. */
async function dyingRun(stub: OpenAIStub, setup: Setup, n: number, delay: number) {
	const half = Math.floor(Math.ceil(n / 20) / 2);
	let mapped = 0;
	const held: ((reply: number) => void)[] = [];
	stub.replyTo = async (r) => {
		if (analysisTask(r) === 'map' && ++mapped > half) return new Promise<number>((resolve) => held.push(resolve));
		if (delay) await sleep(delay);
		return analysisModel(r);
	};
	const { id, jobId } = await start(setup);
	const dying = runNextJob();
	for (;;) {
		if (held.length > 0 && (await finishedMapBatches(id)).length >= half) break;
		await sleep(50);
	}
	await sleep(200);
	return { id, jobId, held, dying };
}

async function restartRun(stub: OpenAIStub, n: number, delay: number) {
	const setup = await setUp(n);
	const startedAt = performance.now();
	const first = await dyingRun(stub, setup, n, delay);
	const finished = new Set(await finishedMapBatches(first.id));
	await ageJobHeartbeatForBenchmark(first.jobId, 3600);
	delayed(stub, delay);
	const before = stub.requests.length;
	if (!(await runNextJob())) throw new Error('The stopped analysis was not taken over');
	const wallSeconds = (performance.now() - startedAt) / 1000;
	const resumed = stub.requests.slice(before);
	const repeated = resumed.filter(
		(r) => analysisTask(r) !== 'map' || finished.has((promptResponses(r)[0].number - 1) / 20)
	);
	for (const release of first.held) release(500);
	await first.dying;
	const analysis = await findAnalysis(first.id);
	return {
		status: analysis?.status,
		wallSeconds: Math.round(wallSeconds * 10) / 10,
		mapBatchesBeforeRestart: finished.size,
		callsAfterRestart: resumed.length,
		finishedBatchesAskedAgain: repeated.length,
		modelCalls: analysis?.modelCalls,
		budget: callBudget(n),
		callsAfterStoppedRunReleased: stub.requests.length - before - resumed.length,
		countsMatch: await countsMatch(first.id, n)
	};
}

async function main(): Promise<void> {
	const opts = options();
	const drop = await openBenchDatabase(opts.databaseUrl);
	const stub = await startOpenAIStub();
	useChatSettings({
		provider: 'openai',
		models: [{ id: 'stub-model', label: 'Stub' }],
		contextTokens: 128_000,
		timeoutMs: 600_000,
		openai: { apiKey: 'bench', baseUrl: stub.baseUrl },
		azure: {},
		maxRetries: 0
	});
	// What the process holds before any analysis: the runtime, the database (PGlite is in this process) and the stub.
	const baselineRssMb = Math.round(process.memoryUsage().rss / (1024 * 1024));
	try {
		progress(`straight run: ${opts.responses} responses`);
		const straight = await straightRun(stub, opts.responses, opts.delay);
		progress(`restart run: ${opts.responses} responses`);
		const restart = await restartRun(stub, opts.responses, opts.delay);
		const report = {
			database: opts.databaseUrl ? 'postgres' : 'pglite',
			responses: opts.responses,
			stubDelayMs: opts.delay,
			concurrency: getConfig().analysis.concurrency,
			straight,
			restart,
			baselineRssMb,
			peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
			loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
			cpus: os.cpus().length
		};
		console.info = () => {};
		process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : `${render(report)}\n`);
	} finally {
		await stub.close();
		await drop();
	}
}

function render(
	r: Record<string, unknown> & { straight: Record<string, unknown>; restart: Record<string, unknown> }
): string {
	const s = r.straight;
	const t = r.restart;
	return [
		`Feedback analysis of ${r.responses} responses (${r.database}, stub delay ${r.stubDelayMs} ms, concurrency ${r.concurrency})`,
		`  straight run: ${s.status} in ${s.wallSeconds} s; model calls ${s.modelCalls} of a budget of ${s.budget}; at most ${s.maxInFlight} in flight; counts match: ${s.countsMatch}`,
		`  restart run:  ${t.status} in ${t.wallSeconds} s; ${t.mapBatchesBeforeRestart} mapping batches done before the restart, ${t.callsAfterRestart} calls after it; finished batches asked again: ${t.finishedBatchesAskedAgain}; model calls ${t.modelCalls} of ${t.budget}; calls by the stopped run after release: ${t.callsAfterStoppedRunReleased}; counts match: ${t.countsMatch}`,
		`  RSS of this process (job, ${r.database === 'pglite' ? 'embedded database, ' : ''}stub and client): ${r.baselineRssMb} MB before the runs, ${r.peakRssMb} MB at peak`,
		`  load average (1, 5, 15 min): ${(r.loadAverage as number[]).join(', ')} on ${r.cpus} CPUs`
	].join('\n');
}

main().catch(fail);
