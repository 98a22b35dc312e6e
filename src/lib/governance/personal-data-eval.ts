/**
 * Scores the personal-data guard against labelled snippets: precision and recall per kind and overall,
 * and whether the targets (issues 6 and 12) are met. A finding counts only when its kind and span match a
 * label exactly. Used by `npm run eval:guard` and by a unit spec, so CI enforces the same targets.
 */
import { findPersonalData, PERSONAL_DATA_KINDS, type PersonalDataKind } from './personal-data';

export type LabelledSnippet = {
	id: string;
	text: string;
	labels: { kind: PersonalDataKind; start: number; end: number }[];
	note?: string;
};

export type KindScore = {
	kind: PersonalDataKind | 'overall';
	tp: number;
	fp: number;
	fn: number;
	precision: number;
	recall: number;
};

export type GuardEvaluation = {
	snippets: number;
	scores: KindScore[];
	misses: { id: string; kind: PersonalDataKind; text: string; type: 'false positive' | 'false negative' }[];
	failures: string[];
};

/**
 * Targets per kind: names are harder (precision >= 0.9, recall >= 0.95); every other kind must find at
 * least 98% of what is labelled with precision >= 0.9; and 0.9 precision overall.
 */
export const TARGETS: Record<PersonalDataKind, { precision: number; recall: number }> = {
	nhs_number: { precision: 0.9, recall: 0.98 },
	phone: { precision: 0.9, recall: 0.98 },
	email: { precision: 0.9, recall: 0.98 },
	postcode: { precision: 0.9, recall: 0.98 },
	ni_number: { precision: 0.9, recall: 0.98 },
	date_of_birth: { precision: 0.9, recall: 0.98 },
	hospital_number: { precision: 0.9, recall: 0.98 },
	name: { precision: 0.9, recall: 0.95 }
};
export const OVERALL_PRECISION_TARGET = 0.9;

/** Parses JSON Lines of labelled snippets, failing with the line number of a bad one. */
export function parseSnippets(jsonl: string): LabelledSnippet[] {
	return jsonl
		.split('\n')
		.map((line, i) => ({ line: line.trim(), n: i + 1 }))
		.filter(({ line }) => line)
		.map(({ line, n }) => {
			const s = JSON.parse(line) as LabelledSnippet;
			if (typeof s.text !== 'string' || !Array.isArray(s.labels))
				throw new Error(`Line ${n} is not a labelled snippet`);
			return s;
		});
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

export function evaluateGuard(
	snippets: LabelledSnippet[],
	options: { hospitalNumberPattern: string; now?: Date }
): GuardEvaluation {
	const counts = new Map<PersonalDataKind, { tp: number; fp: number; fn: number }>(
		PERSONAL_DATA_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }])
	);
	const misses: GuardEvaluation['misses'] = [];
	for (const s of snippets) {
		const found = findPersonalData(s.text, options);
		const key = (f: { kind: string; start: number; end: number }) => `${f.kind}:${f.start}:${f.end}`;
		const expected = new Set(s.labels.map(key));
		const got = new Set(found.map(key));
		for (const f of found) {
			const c = counts.get(f.kind)!;
			if (expected.has(key(f))) c.tp++;
			else {
				c.fp++;
				misses.push({ id: s.id, kind: f.kind, text: s.text.slice(f.start, f.end), type: 'false positive' });
			}
		}
		for (const l of s.labels) {
			if (got.has(key(l))) continue;
			counts.get(l.kind)!.fn++;
			misses.push({ id: s.id, kind: l.kind, text: s.text.slice(l.start, l.end), type: 'false negative' });
		}
	}
	const scores: KindScore[] = PERSONAL_DATA_KINDS.map((kind) => {
		const { tp, fp, fn } = counts.get(kind)!;
		return { kind, tp, fp, fn, precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn) };
	});
	const total = scores.reduce((t, s) => ({ tp: t.tp + s.tp, fp: t.fp + s.fp, fn: t.fn + s.fn }), {
		tp: 0,
		fp: 0,
		fn: 0
	});
	const overall: KindScore = {
		kind: 'overall',
		...total,
		precision: ratio(total.tp, total.tp + total.fp),
		recall: ratio(total.tp, total.tp + total.fn)
	};
	const failures = scores.flatMap(targetFailures);
	if (overall.precision < OVERALL_PRECISION_TARGET) {
		failures.push(`Overall precision is ${overall.precision.toFixed(3)}, below ${OVERALL_PRECISION_TARGET}`);
	}
	return { snippets: snippets.length, scores: [...scores, overall], misses, failures };
}

function targetFailures(score: KindScore): string[] {
	if (score.kind === 'overall') return [];
	const target = TARGETS[score.kind];
	if (score.tp + score.fn === 0) return [`No labelled ${score.kind} examples to measure recall on`];
	const out: string[] = [];
	if (score.recall < target.recall)
		out.push(`Recall on ${score.kind} is ${score.recall.toFixed(3)}, below ${target.recall}`);
	if (score.precision < target.precision)
		out.push(`Precision on ${score.kind} is ${score.precision.toFixed(3)}, below ${target.precision}`);
	return out;
}

/** The scores as a plain-text table. */
export function formatEvaluation(result: GuardEvaluation): string {
	const rows = result.scores.map((s) =>
		[
			s.kind.padEnd(16),
			String(s.tp).padStart(4),
			String(s.fp).padStart(4),
			String(s.fn).padStart(4),
			s.precision.toFixed(3).padStart(9),
			s.recall.toFixed(3).padStart(7),
			s.kind === 'overall'
				? `>= ${OVERALL_PRECISION_TARGET.toFixed(2)}     -`.padStart(17)
				: `>= ${TARGETS[s.kind].precision.toFixed(2)} >= ${TARGETS[s.kind].recall.toFixed(2)}`.padStart(17)
		].join(' ')
	);
	return [
		`${result.snippets} labelled snippets`,
		['kind'.padEnd(16), '  tp', '  fp', '  fn', 'precision', ' recall', ' target P   target R'].join(' '),
		...rows
	].join('\n');
}
