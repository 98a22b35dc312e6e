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
	// Runs of one character miss repeats of longer pieces: `(?:ab)+(?:ab)+c` is slow on "abab…".
	for (const piece of repeatedPieces(patterns)) {
		out.push(piece.repeat(Math.ceil(2000 / piece.length)) + '!');
	}
	return out;
}

/** What one step of a pattern matches, as a sample character ('' for steps that match no character). */
function atoms(pattern: string): string[] {
	const out: string[] = [];
	const escaped = (c: string): string => {
		if (c === 'd') return '1';
		if (c === 's') return ' ';
		if ('wDSW'.includes(c)) return c === 'W' ? '!' : 'a';
		if ('bBkpPuxc0'.includes(c) || /\d/.test(c)) return '';
		if (c === 'n' || c === 'r' || c === 't') return '\n';
		return c;
	};
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i];
		if (c === '\\') {
			const next = pattern[++i] ?? '';
			if ((next === 'p' || next === 'P') && pattern[i + 1] === '{') {
				const close = pattern.indexOf('}', i);
				if (close > i) i = close;
				out.push(next === 'p' ? 'a' : '!');
				continue;
			}
			const sample = escaped(next);
			if (sample) out.push(sample);
		} else if (c === '[') {
			// A character class: its first member stands for it (a negated class: a character it allows).
			let j = i + 1;
			const negated = pattern[j] === '^';
			if (negated) j++;
			const first = pattern[j] === '\\' ? escaped(pattern[j + 1] ?? '') : (pattern[j] ?? '');
			while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
			i = j;
			out.push(negated ? (first === 'x' ? 'y' : 'x') : first || 'a');
		} else if (c === '(') {
			// Group syntax matches nothing itself: (?:, (?=, (?!, (?<=, (?<!, (?<name>.
			if (pattern[i + 1] === '?') {
				const named = /^\?<[A-Za-z_$][\w$]*>/.exec(pattern.slice(i + 1));
				i += named ? named[0].length : pattern[i + 2] === '<' ? 3 : 2;
			}
		} else if (c === '{' && /^\{\d+(?:,\d*)?\}/.test(pattern.slice(i))) {
			i = pattern.indexOf('}', i);
		} else if (c === '.') out.push('a');
		else if (!')|*+?^$'.includes(c)) out.push(c);
	}
	return out;
}

/**
 * Pieces of 2 or 3 characters taken from consecutive steps of the patterns (literal characters, and a
 * sample character for each class), for inputs that repeat them. At most 24, to keep the check quick.
 */
function repeatedPieces(patterns: string[]): string[] {
	const pieces = new Set<string>();
	for (const p of patterns) {
		const steps = atoms(p);
		for (const size of [2, 3]) {
			for (let i = 0; i + size <= steps.length; i++) {
				const piece = steps.slice(i, i + size).join('');
				if (new Set(piece).size > 1) pieces.add(piece);
			}
		}
	}
	return [...pieces].slice(0, 24);
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

/**
 * Runs patterns on long and awkward texts in a worker thread that is stopped after a time limit:
 * `slow` when that takes too long (the pattern backtracks catastrophically), `empty` when one of them
 * matches empty text, else `ok`. Used for style rules and the hospital-number pattern.
 */
export async function timedPatternCheck(patterns: string[], flags: string): Promise<'ok' | 'slow' | 'empty'> {
	const run = await timedRun(patterns, flags);
	if (run === 'timeout' || run.ms > MAX_MS) return 'slow';
	return run.empty ? 'empty' : 'ok';
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
	const main = await timedPatternCheck([input.pattern], flags);
	if (main === 'slow') errors.pattern = TOO_SLOW;
	else if (main === 'empty') errors.pattern = EMPTY;
	if (input.exceptions.length) {
		const ex = await timedPatternCheck(input.exceptions, flags);
		if (ex === 'slow') errors.exceptions = `An exception: ${TOO_SLOW.replace('The pattern is', 'it is')}`;
		else if (ex === 'empty') errors.exceptions = `An exception: ${EMPTY.replace('The pattern', 'it')}`;
	}
	return errors;
}
