/**
 * Checks a rule's patterns before they are saved: they must compile, must not match empty text and
 * must stay fast. Speed is tested in a worker thread that is stopped after a time limit, because a
 * catastrophically backtracking pattern would otherwise block the server.
 */
import { Worker } from 'node:worker_threads';
import { patternProblem, ruleFlags } from '$lib/governance/draft-checks';

/** About 5,000 words of ordinary NHS-style prose, the size the checks promise to handle quickly. */
export const SAMPLE_TEXT = Array.from(
	{ length: 100 },
	(_, i) =>
		`Your GP surgery can book a blood test for you on ${(i % 28) + 1} August 2026 at 9:30am. ` +
		"You'll get a text message with the time. If you cannot come, call 0300 123 4567 and we will find another day. " +
		'Bring a list of the medicines you take, including any from a pharmacy, and tell us about allergies.'
).join('\n\n');

/** Time the whole speed test may take in the worker; far above what a sensible pattern needs. */
const MAX_MS = 250;
/** Time before the worker is stopped (it includes starting the worker). */
const KILL_MS = 3000;

const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { patterns, flags, inputs } = workerData;
const started = performance.now();
let empty = false;
for (const source of patterns) {
	const re = new RegExp(source, flags);
	for (const input of inputs) {
		re.lastIndex = 0;
		let m;
		let guard = 0;
		while ((m = re.exec(input)) && guard++ < 100000) {
			if (m[0].length === 0) {
				empty = true;
				re.lastIndex++;
			}
		}
	}
}
parentPort.postMessage({ ms: performance.now() - started, empty });
`;

/** Long runs of the characters a pattern mentions, then a character that makes the match fail. */
function adversarialInputs(patterns: string[]): string[] {
	const chars = new Set<string>(['a', ' ', '1', 'x']);
	for (const p of patterns) for (const c of p.replace(/\\./g, '')) if (/[\p{L}\p{N} '-]/u.test(c)) chars.add(c);
	const out: string[] = [];
	for (const c of [...chars].slice(0, 16)) {
		out.push(c.repeat(2000) + '!', (c + ' ').repeat(1000) + '\u0000');
	}
	return out;
}

type Run = { ms: number; empty: boolean } | 'timeout';

function timedRun(patterns: string[], flags: string): Promise<Run> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(WORKER_CODE, {
			eval: true,
			workerData: { patterns, flags, inputs: [SAMPLE_TEXT, ...adversarialInputs(patterns)] }
		});
		const timer = setTimeout(() => {
			void worker.terminate();
			resolve('timeout');
		}, KILL_MS);
		worker.once('message', (run: { ms: number; empty: boolean }) => {
			clearTimeout(timer);
			void worker.terminate();
			resolve(run);
		});
		worker.once('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
	});
}

const TOO_SLOW =
	'The pattern is too slow: it backtracks a lot on long text. Avoid nested repeats like (a+)+ and overlapping alternatives.';

const EMPTY =
	'The pattern can match empty text, so it would flag every position. Make every part of it match at least 1 character.';

/**
 * Problems with a rule's pattern and exceptions, by form field (`pattern`, `exceptions`); empty when
 * they are safe to save.
 */
export async function validateRulePatterns(input: {
	pattern: string;
	caseSensitive: boolean;
	exceptions: string[];
}): Promise<Record<string, string>> {
	const errors: Record<string, string> = {};
	// Only tiny probes here: anything that could be slow runs in the worker below.
	const patternError = patternProblem(input.pattern, input.caseSensitive);
	if (patternError) errors.pattern = patternError;
	for (const [i, ex] of input.exceptions.entries()) {
		const problem = patternProblem(ex, input.caseSensitive);
		if (problem) {
			errors.exceptions = `Exception ${i + 1}: ${problem}`;
			break;
		}
	}
	if (Object.keys(errors).length) return errors;

	const flags = ruleFlags(input.caseSensitive);
	const main = await timedRun([input.pattern], flags);
	if (main === 'timeout' || main.ms > MAX_MS) errors.pattern = TOO_SLOW;
	else if (main.empty) errors.pattern = EMPTY;
	if (input.exceptions.length) {
		const ex = await timedRun(input.exceptions, flags);
		if (ex === 'timeout' || ex.ms > MAX_MS)
			errors.exceptions = `An exception: ${TOO_SLOW.replace('The pattern is', 'it is')}`;
		else if (ex.empty) errors.exceptions = `An exception: ${EMPTY.replace('The pattern', 'it')}`;
	}
	return errors;
}
