/**
 * `npm run eval:assistants -- [--model id] [--threshold 0.8] [--only key] [--json]`: runs every
 * built-in assistant's test cases (prompts/assistants/<key>.cases.yaml) against the configured chat
 * model, or `--model`, through the same code as an evaluation started in the app, and records each
 * run. Prints a table per assistant (or JSON with every result).
 *
 * Exit codes: 0 when every assistant's pass rate is at or above the threshold; 1 when one is below it
 * (or its run failed); 2 on a usage or configuration problem (no model configured, an unknown model
 * or assistant key, a bad threshold).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_PASS_THRESHOLD } from '../src/lib/schemas/evaluation';
import { BUILTIN_DIR, BuiltinAssistantError, loadBuiltinAssistants } from '../src/lib/server/assistants/builtins';
import { BuiltinCasesError } from '../src/lib/server/assistants/evaluation/builtin-cases';
import { resolveEvaluationModel } from '../src/lib/server/assistants/evaluation/models';
import { failureReason, runCases } from '../src/lib/server/assistants/evaluation/runner';
import { syncBuiltinCases } from '../src/lib/server/assistants/evaluation/sync';
import { evaluationView } from '../src/lib/server/assistants/evaluation/views';
import { ConfigError, getConfig } from '../src/lib/server/config';
import { listBuiltinAssistants, shippedBuiltinVersion } from '../src/lib/server/db/queries/builtin-assistants';
import {
	countTestCases,
	countTestCasesBySource,
	finishEvaluation,
	findEvaluationById,
	insertEvaluation,
	markEvaluationRunning
} from '../src/lib/server/db/queries/evaluations';
import { withDatabase } from './cli-support';

const USAGE =
	'Usage: npm run eval:assistants -- [--model <id>] [--threshold <0 to 1>] [--only <assistant key>] [--json]';

class UsageProblem extends Error {}

type Options = { model?: string; threshold: number; only?: string; json: boolean };

function options(): Options {
	let parsed;
	try {
		parsed = parseArgs({
			options: {
				model: { type: 'string' },
				threshold: { type: 'string' },
				only: { type: 'string' },
				json: { type: 'boolean', default: false }
			},
			strict: true,
			allowPositionals: false
		}).values;
	} catch (e) {
		throw new UsageProblem((e as Error).message);
	}
	const threshold = parsed.threshold === undefined ? DEFAULT_PASS_THRESHOLD : Number(parsed.threshold);
	if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
		throw new UsageProblem(`--threshold must be a number from 0 to 1, for example 0.8 (got "${parsed.threshold}")`);
	}
	return { model: parsed.model, threshold, only: parsed.only, json: parsed.json ?? false };
}

type Row = {
	key: string;
	name: string;
	version: number;
	/** The version its shipped file wrote, when the version run is an administrator's later edit. */
	shippedVersion: number | null;
	/** Cases people added in the app, run beside the shipped ones. */
	addedCases: number;
	evaluationId: string;
	status: string;
	total: number;
	passed: number;
	passRate: number | null;
	error: string | null;
	results: { name: string; passed: boolean; reasons: string[]; output: string }[];
};

async function evaluateOne(
	assistant: { id: string; builtinKey: string | null; name: string; version: number },
	model: string
): Promise<Row> {
	const { total, added } = await countTestCasesBySource(assistant.id);
	const shipped = await shippedBuiltinVersion(assistant.id, BUILTIN_DIR);
	const run = await insertEvaluation({
		assistantId: assistant.id,
		assistantVersion: assistant.version,
		model,
		total,
		requestedBy: null
	});
	await markEvaluationRunning(run.id);
	try {
		await runCases(run, { progress: async () => {} });
	} catch (e) {
		await finishEvaluation(run.id, 'failed', failureReason(run, e, 1));
	}
	const view = await evaluationView((await findEvaluationById(run.id))!);
	return {
		key: assistant.builtinKey!,
		name: assistant.name,
		version: assistant.version,
		shippedVersion: shipped !== null && shipped !== assistant.version ? shipped : null,
		addedCases: added,
		evaluationId: run.id,
		status: view.status,
		total: view.results.length,
		passed: view.results.filter((r) => r.passed).length,
		passRate: view.passRate,
		error: view.error,
		results: view.results.map((r) => ({ name: r.name, passed: r.passed, reasons: r.reasons, output: r.output }))
	};
}

function printTable(rows: Row[], model: string, threshold: number): void {
	const pct = (r: Row) => (r.passRate === null ? 'failed' : `${Math.round(r.passRate * 100)}%`);
	const widths = [Math.max(9, ...rows.map((r) => r.key.length)), 7, 6, 9];
	const line = (cells: string[]) =>
		cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
	console.log(`Model: ${model}    threshold: ${Math.round(threshold * 100)}%\n`);
	console.log(line(['Assistant', 'Version', 'Passed', 'Pass rate']));
	for (const r of rows) {
		const mark = r.passRate === null || r.passRate < threshold ? '  below threshold' : '';
		console.log(line([r.key, String(r.version), `${r.passed}/${r.total}`, pct(r)]) + mark);
	}
	for (const r of rows) {
		// What was run is the organisation's assistant as it stands: say where it differs from what shipped.
		if (r.shippedVersion !== null)
			console.log(
				`\n${r.key}: version ${r.version} was made in the app (an administrator's edit or rollback); the shipped file's is version ${r.shippedVersion}.`
			);
		if (r.addedCases) console.log(`\n${r.key}: ${r.addedCases} of the ${r.total} cases were added in the app.`);
	}
	for (const r of rows) {
		if (r.error) console.log(`\n${r.key}: ${r.error}`);
		for (const c of r.results.filter((x) => !x.passed)) {
			console.log(`\n${r.key} / ${c.name}:\n  - ${c.reasons.join('\n  - ')}`);
		}
	}
}

async function main(): Promise<number> {
	const opts = options();
	getConfig(); // a configuration problem is reported (exit 2) before the database is opened
	return withDatabase(async () => {
		await loadBuiltinAssistants();
		await syncBuiltinCases();
		const model = await resolveEvaluationModel(opts.model);
		if (!model.ok) throw new UsageProblem(model.message);
		let assistants = await listBuiltinAssistants();
		if (opts.only) {
			assistants = assistants.filter((a) => a.builtinKey === opts.only);
			if (!assistants.length) throw new UsageProblem(`There is no built-in assistant with the key "${opts.only}"`);
		}
		const rows: Row[] = [];
		for (const a of assistants) {
			if ((await countTestCases(a.id)) === 0) continue;
			if (!opts.json) process.stderr.write(`Running ${a.builtinKey}...\n`);
			rows.push(await evaluateOne(a, model.value));
		}
		if (!rows.length)
			throw new UsageProblem('No built-in assistant has test cases to run (prompts/assistants/*.cases.yaml)');
		const below = rows.filter((r) => r.passRate === null || r.passRate < opts.threshold);
		if (opts.json) {
			console.log(
				JSON.stringify(
					{ model: model.value, threshold: opts.threshold, passed: below.length === 0, assistants: rows },
					null,
					2
				)
			);
		} else {
			printTable(rows, model.value, opts.threshold);
			console.log(
				below.length
					? `\n${below.length} of ${rows.length} assistants below the threshold.`
					: `\nAll ${rows.length} assistants at or above the threshold.`
			);
		}
		return below.length ? 1 : 0;
	});
}

try {
	process.exitCode = await main();
} catch (e) {
	if (e instanceof UsageProblem) {
		console.error(`${e.message}\n\n${USAGE}`);
		process.exitCode = 2;
	} else if (e instanceof ConfigError || e instanceof BuiltinAssistantError || e instanceof BuiltinCasesError) {
		console.error(e.message);
		process.exitCode = 2;
	} else {
		console.error(e);
		process.exitCode = 1;
	}
}
