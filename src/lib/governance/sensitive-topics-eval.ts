/**
 * Scores the sensitive-topic detector against labelled requests (corpus/eval/sensitive-topic-requests.jsonl):
 * precision and recall per kind and overall, on the whole set and on a held-out split (every 5th request,
 * never used when the rules were tuned), and whether the targets are met. Used by `npm run eval:topics` and
 * by a unit spec, so CI enforces the same targets.
 */
import {
	detectSensitiveTopics,
	SENSITIVE_TOPIC_KINDS,
	SENSITIVE_TOPICS,
	type SensitiveTopicKind
} from './sensitive-topics';

export type LabelledRequest = { id: string; text: string; kinds: SensitiveTopicKind[] };

export type TopicScore = {
	kind: SensitiveTopicKind | 'overall' | 'clinical sign-off';
	tp: number;
	fp: number;
	fn: number;
	precision: number;
	recall: number;
};

export type TopicEvaluation = {
	requests: number;
	scores: TopicScore[];
	misses: { id: string; kind: string; type: 'false positive' | 'false negative'; text: string }[];
};

export const TOPIC_TARGETS = { precision: 0.9, recall: 0.95 };

/** Every 5th request (the 5th, 10th, ...) is held out: rules are tuned on the others only. */
export const isHeldOut = (index: number) => index % 5 === 4;

/** Parses JSON Lines of labelled requests, failing with the line number of a bad one. */
export function parseRequests(jsonl: string): LabelledRequest[] {
	return jsonl
		.split('\n')
		.map((line, i) => ({ line: line.trim(), n: i + 1 }))
		.filter(({ line }) => line)
		.map(({ line, n }) => {
			const r = JSON.parse(line) as LabelledRequest;
			const valid =
				typeof r.id === 'string' &&
				typeof r.text === 'string' &&
				Array.isArray(r.kinds) &&
				r.kinds.every((k) => (SENSITIVE_TOPIC_KINDS as readonly string[]).includes(k));
			if (!valid) throw new Error(`Line ${n} is not a labelled request ({"id","text","kinds":[...]})`);
			return r;
		});
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
const needsClinician = (kinds: readonly SensitiveTopicKind[]) => kinds.some((k) => SENSITIVE_TOPICS[k].clinical);

function score(kind: TopicScore['kind'], c: { tp: number; fp: number; fn: number }): TopicScore {
	return { kind, ...c, precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.fn) };
}

/** Precision and recall per kind, micro-averaged overall, and for "needs a clinician's sign-off". */
export function evaluateTopics(requests: LabelledRequest[]): TopicEvaluation {
	const counts = new Map<string, { tp: number; fp: number; fn: number }>(
		[...SENSITIVE_TOPIC_KINDS, 'clinical sign-off'].map((k) => [k, { tp: 0, fp: 0, fn: 0 }])
	);
	const misses: TopicEvaluation['misses'] = [];
	const tally = (r: LabelledRequest, kind: string, expected: boolean, found: boolean) => {
		const c = counts.get(kind)!;
		if (expected && found) c.tp++;
		else if (found) c.fp++;
		else if (expected) c.fn++;
		if (expected !== found && kind !== 'clinical sign-off')
			misses.push({ id: r.id, kind, type: found ? 'false positive' : 'false negative', text: r.text });
	};
	for (const r of requests) {
		const found = detectSensitiveTopics(r.text).map((t) => t.kind);
		for (const kind of SENSITIVE_TOPIC_KINDS) tally(r, kind, r.kinds.includes(kind), found.includes(kind));
		tally(r, 'clinical sign-off', needsClinician(r.kinds), needsClinician(found));
	}
	const perKind = SENSITIVE_TOPIC_KINDS.map((k) => score(k, counts.get(k)!));
	const sum = (key: 'tp' | 'fp' | 'fn') => perKind.reduce((n, s) => n + s[key], 0);
	return {
		requests: requests.length,
		scores: [
			...perKind,
			score('overall', { tp: sum('tp'), fp: sum('fp'), fn: sum('fn') }),
			score('clinical sign-off', counts.get('clinical sign-off')!)
		],
		misses
	};
}

/** Targets missed overall (precision and recall), as sentences. */
export function topicFailures(evaluation: TopicEvaluation): string[] {
	const overall = evaluation.scores.find((s) => s.kind === 'overall')!;
	const out: string[] = [];
	if (overall.precision < TOPIC_TARGETS.precision)
		out.push(`overall precision ${overall.precision.toFixed(3)} is below ${TOPIC_TARGETS.precision}`);
	if (overall.recall < TOPIC_TARGETS.recall)
		out.push(`overall recall ${overall.recall.toFixed(3)} is below ${TOPIC_TARGETS.recall}`);
	return out;
}

/** A fixed-width table for the terminal. */
export function formatTopicScores(title: string, evaluation: TopicEvaluation): string {
	const rows = evaluation.scores.map(
		(s) =>
			`${s.kind.padEnd(18)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}  ${s.precision.toFixed(3)}     ${s.recall.toFixed(3)}`
	);
	return [
		`${title} (${evaluation.requests} requests)`,
		`${'kind'.padEnd(18)}   tp   fp   fn  precision  recall`,
		...rows
	].join('\n');
}
