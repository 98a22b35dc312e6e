/**
 * The deterministic checks of a test case: pure, so every rule is tested without a model. Each failed
 * expectation gives one reason that names what failed (the phrase, the question, the rule and the text
 * it matched), because a reason a builder cannot act on is no better than a bare "failed".
 *
 * Word counts, reading age and draft-check findings come from the product's own draft checks
 * (`$lib/governance/draft-checks`), the same ones a person sees on a draft: nothing is re-implemented.
 */
import type { IntakeQuestion } from '$lib/schemas/assistant';
import { normalisePhrase, type TestCaseExpect } from '$lib/schemas/evaluation';
import { CATEGORY_LABELS, checkDraft, type DraftCheckResult, type FindingCategory } from '$lib/governance/draft-checks';

export type CheckInput = {
	output: string;
	expect: TestCaseExpect;
	/** The intake question ids the assistant asked for the request. */
	asked: string[];
	/** The questions it could ask (for their labels in reasons). */
	questions: IntakeQuestion[];
	/** The draft checks' result for `output` (readability with the enabled rules); readability only when absent. */
	draft?: DraftCheckResult;
};

export type CheckOutcome = { passed: boolean; reasons: string[] };

/** Most findings named per category in one reason list: enough to act on, short enough to read. */
const MAX_FINDINGS_NAMED = 5;

export function containsPhrase(output: string, phrase: string): boolean {
	const needle = normalisePhrase(phrase);
	return needle.length > 0 && normalisePhrase(output).includes(needle);
}

function phraseReasons(output: string, expect: TestCaseExpect): string[] {
	const reasons: string[] = [];
	for (const p of expect.mustInclude ?? []) {
		if (!containsPhrase(output, p)) reasons.push(`Must include "${p}" but it was not found`);
	}
	for (const p of expect.mustAvoid ?? []) {
		if (containsPhrase(output, p)) reasons.push(`Must avoid "${p}" but it was found`);
	}
	return reasons;
}

function questionName(id: string, questions: IntakeQuestion[]): string {
	const q = questions.find((x) => x.id === id);
	return q ? `"${q.label}" (${id})` : `the question ${id}`;
}

/** Whether a reason is one of the question checks' (intakeReasons below). */
export function isQuestionReason(reason: string): boolean {
	return /^(Should ask|Must not ask) /.test(reason);
}

function intakeReasons(input: CheckInput): string[] {
	const asked = new Set(input.asked);
	const reasons: string[] = [];
	for (const id of input.expect.asks ?? []) {
		if (!asked.has(id)) reasons.push(`Should ask ${questionName(id, input.questions)} but it was not asked`);
	}
	for (const id of input.expect.mustNotAsk ?? []) {
		if (asked.has(id)) reasons.push(`Must not ask ${questionName(id, input.questions)} but it was asked`);
	}
	return reasons;
}

function quoted(text: string): string {
	const oneLine = text.replace(/\s+/g, ' ').trim();
	return `"${oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine}"`;
}

function findingReasons(output: string, draft: DraftCheckResult, categories: FindingCategory[]): string[] {
	const reasons: string[] = [];
	for (const category of categories) {
		const found = draft.findings.filter((f) => f.category === category);
		for (const f of found.slice(0, MAX_FINDINGS_NAMED)) {
			reasons.push(
				`Draft check ${f.ruleId} (${CATEGORY_LABELS[category]}) found ${quoted(output.slice(f.start, f.end))}: ${f.message}`
			);
		}
		if (found.length > MAX_FINDINGS_NAMED) {
			reasons.push(
				`${found.length - MAX_FINDINGS_NAMED} more ${CATEGORY_LABELS[category]} findings (${found.length} in all)`
			);
		}
	}
	return reasons;
}

function draftReasons(input: CheckInput): string[] {
	const { expect, output } = input;
	const needsDraft =
		expect.maxWords !== undefined || expect.maxReadingAge !== undefined || (expect.draftChecksPass ?? []).length > 0;
	if (!needsDraft) return [];
	const draft = input.draft ?? checkDraft(output, []);
	const reasons: string[] = [];
	if (expect.maxWords !== undefined && draft.stats.words > expect.maxWords) {
		reasons.push(`Must be at most ${expect.maxWords} words but it has ${draft.stats.words}`);
	}
	if (expect.maxReadingAge !== undefined && draft.readingAge !== null && draft.readingAge > expect.maxReadingAge) {
		reasons.push(`Reading age must be at most ${expect.maxReadingAge} but it is ${draft.readingAge}`);
	}
	reasons.push(...findingReasons(output, draft, expect.draftChecksPass ?? []));
	return reasons;
}

/** Runs every deterministic expectation of a case; the case passes when no reason is given. */
export function runChecks(input: CheckInput): CheckOutcome {
	const reasons = [
		...(input.output.trim() ? [] : ['The assistant wrote nothing']),
		...phraseReasons(input.output, input.expect),
		...intakeReasons(input),
		...draftReasons(input)
	];
	return { passed: reasons.length === 0, reasons };
}
