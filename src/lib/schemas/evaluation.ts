/**
 * Assistant test cases and evaluation runs: request bodies and views shared by the server, the
 * browser and the command line (nothing here imports server code).
 *
 * A test case is a request someone might make of an assistant, the answers they would give to its
 * questions, and what a good response must (and must not) do. An evaluation runs every case of one
 * assistant version against one model, in the background, and records for each case whether it
 * passed and, when it did not, a reason naming what failed.
 */
import { z } from 'zod';
import { RULE_CATEGORIES, type FindingCategory } from '$lib/governance/draft-checks';

export const MAX_TEST_CASES = 50;
export const MAX_PHRASES = 20;
export const MAX_CASE_REQUEST_CHARS = 20_000;
/** `npm run eval:assistants` exits non-zero when a built-in's pass rate is below this. */
export const DEFAULT_PASS_THRESHOLD = 0.8;

/** Finding categories `draftChecksPass` may name: the draft checks' rule categories and readability. */
export const CHECK_CATEGORIES = [...RULE_CATEGORIES, 'readability'] as const satisfies readonly FindingCategory[];

const phrase = z
	.string({ error: 'Each phrase must be text' })
	.trim()
	.min(1, { error: 'Phrases cannot be empty' })
	.max(200, { error: 'Each phrase must be 200 characters or fewer' });
const phrases = (label: string) =>
	z
		.array(phrase)
		.max(MAX_PHRASES, { error: `${label}: enter ${MAX_PHRASES} phrases or fewer` })
		.optional();
const questionIds = z
	.array(
		z
			.string()
			.trim()
			.regex(/^[a-z][a-z0-9_]{0,39}$/, { error: 'Question ids look like key_facts' })
	)
	.max(20)
	.optional();

/**
 * What a good response does. Every field is optional; a case with none of them is refused.
 * - `mustInclude`: phrases the output must contain (case-insensitive, spacing ignored).
 * - `mustAvoid`: phrases the output must not contain.
 * - `asks` / `mustNotAsk`: intake question ids the assistant must / must not ask for this request
 *   (the questions `planIntake` puts to the person given the request alone, before `answers`).
 * - `maxWords`: the output's word count at most this.
 * - `maxReadingAge`: the draft checks' reading age (Flesch-Kincaid grade + 5) at most this.
 * - `draftChecksPass`: the draft checks find nothing in these categories.
 * - `rubric`: what a judge model scores from 1 to 5; reported apart, never turning a failure into a pass.
 */
export const testCaseExpectSchema = z
	.object({
		mustInclude: phrases('Must include'),
		mustAvoid: phrases('Must avoid'),
		asks: questionIds,
		mustNotAsk: questionIds,
		maxWords: z
			.number({ error: 'The word limit must be a number' })
			.int({ error: 'The word limit must be a whole number' })
			.min(1, { error: 'The word limit must be at least 1' })
			.max(20_000)
			.optional(),
		maxReadingAge: z
			.number({ error: 'The reading age must be a number' })
			.min(5, { error: 'The reading age must be 5 or more' })
			.max(25, { error: 'The reading age must be 25 or less' })
			.optional(),
		draftChecksPass: z
			.array(z.enum(CHECK_CATEGORIES, { error: `Check categories are: ${CHECK_CATEGORIES.join(', ')}` }))
			.max(CHECK_CATEGORIES.length)
			.optional(),
		rubric: z.string().trim().min(1).max(2000, { error: 'The rubric must be 2,000 characters or fewer' }).optional()
	})
	.strict()
	.refine((e) => Object.values(e).some((v) => (Array.isArray(v) ? v.length > 0 : v !== undefined)), {
		error: 'Say what a good response does: add at least one expectation'
	});

export type TestCaseExpect = z.output<typeof testCaseExpectSchema>;

const answerValue = z.union([z.string().max(20_000), z.array(z.string().max(300)).max(20)]);

/** `POST /api/assistants/{id}/test-cases` (and the body of a `PUT` to one case). */
export const testCaseInputSchema = z.object({
	name: z
		.string({ error: 'Enter a name for the test case' })
		.trim()
		.min(1, { error: 'Enter a name for the test case' })
		.max(120, { error: 'The name must be 120 characters or fewer' }),
	request: z
		.string({ error: 'Enter the request to test' })
		.trim()
		.min(1, { error: 'Enter the request to test' })
		.max(MAX_CASE_REQUEST_CHARS, {
			error: `The request must be ${MAX_CASE_REQUEST_CHARS.toLocaleString('en-GB')} characters or fewer`
		}),
	answers: z.record(z.string(), answerValue).optional().default({}),
	expect: testCaseExpectSchema
});

export type TestCaseInput = z.output<typeof testCaseInputSchema>;

/** One case as the API returns it. `builtin` cases ship with a built-in assistant and are read-only. */
export type TestCaseView = {
	id: string;
	name: string;
	request: string;
	answers: Record<string, string | string[]>;
	expect: TestCaseExpect;
	builtin: boolean;
};

export const EVALUATION_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];

/** `POST /api/assistants/{id}/evaluations`. */
export const evaluationRequestSchema = z
	.object({ model: z.string().trim().min(1).max(200, { error: 'model must be a model id' }).optional() })
	.strict();

/** The judge's view of a rubric: never part of `passed`. */
export type RubricScore = { score: number; outOf: 5; comment: string } | { error: string };

export type EvaluationResultView = {
	testCaseId: string | null;
	name: string;
	passed: boolean;
	/** Each names what failed: the phrase found or missing, the question asked or not, the rule broken. */
	reasons: string[];
	output: string;
	/** The intake question ids the assistant asked for the request. */
	asked: string[];
	rubric: RubricScore | null;
};

export type EvaluationView = {
	id: string;
	assistantId: string;
	status: EvaluationStatus;
	model: string;
	assistantVersion: number;
	/** 0 to 1, null until the run has finished. */
	passRate: number | null;
	total: number;
	passedCount: number;
	error: string | null;
	createdAt: string;
	finishedAt: string | null;
	results: EvaluationResultView[];
};
