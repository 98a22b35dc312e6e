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

/** Lower case, curly quotes straight, any run of spacing one space: "NHS  111" matches "nhs 111". */
export function normalisePhrase(text: string): string {
	return text
		.toLowerCase()
		.replace(/[\u2018\u2019]/g, "'")
		.replace(/[\u201C\u201D]/g, '"')
		.replace(/\s+/g, ' ')
		.trim();
}

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
/** The keys of `expect`, in the order the form shows them. */
export const EXPECT_KEYS = [
	'mustInclude',
	'mustAvoid',
	'asks',
	'mustNotAsk',
	'maxWords',
	'maxReadingAge',
	'draftChecksPass',
	'rubric'
];
const QUESTION_ID = /^[a-z][a-z0-9_]{0,39}$/;
const questionId = z
	.string({ error: 'Question ids are text, like key_facts' })
	.trim()
	.regex(QUESTION_ID, { error: 'Question ids look like key_facts' });
const questionIds = z
	.array(questionId, { error: 'Questions are a list of question ids, such as ["key_facts"]' })
	.max(20, { error: 'Name 20 questions or fewer' })
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
	.object(
		{
			mustInclude: phrases('Must include'),
			mustAvoid: phrases('Must avoid'),
			asks: questionIds,
			mustNotAsk: questionIds,
			maxWords: z
				.number({ error: 'The word limit must be a number' })
				.int({ error: 'The word limit must be a whole number' })
				.min(1, { error: 'The word limit must be at least 1' })
				.max(20_000, { error: 'The word limit must be 20,000 words or fewer' })
				.optional(),
			maxReadingAge: z
				.number({ error: 'The reading age must be a number' })
				.min(5, { error: 'The reading age must be 5 or more' })
				.max(25, { error: 'The reading age must be 25 or less' })
				.optional(),
			draftChecksPass: z
				.array(z.enum(CHECK_CATEGORIES, { error: `Check categories are: ${CHECK_CATEGORIES.join(', ')}` }), {
					error: `draftChecksPass is a list of check categories, such as ["inclusive"] (${CHECK_CATEGORIES.join(', ')})`
				})
				.max(CHECK_CATEGORIES.length)
				.refine((c) => new Set(c).size === c.length, { error: 'Name each check category once' })
				.optional(),
			rubric: z
				.string({ error: 'The rubric must be text' })
				.trim()
				.min(1, { error: 'The rubric cannot be empty: leave it out, or say what the judge should score' })
				.max(2000, { error: 'The rubric must be 2,000 characters or fewer' })
				.optional()
		},
		{
			error: (issue) =>
				issue.code === 'unrecognized_keys'
					? `expect has no ${issue.keys.join(', ')}: it takes ${EXPECT_KEYS.join(', ')}`
					: 'expect must be an object saying what a good response does, such as {"mustInclude": ["NHS 111"]}'
		}
	)
	.strict()
	.refine(
		(e) => Object.entries(e).some(([k, v]) => k !== 'rubric' && (Array.isArray(v) ? v.length > 0 : v !== undefined)),
		{
			// A rubric is scored apart and never passes or fails a case, so it cannot be a case's only check.
			error: (e) =>
				Object.keys(e.input as object).includes('rubric')
					? 'A rubric is scored apart and never decides a pass: add at least one check as well (a phrase, a question, a word limit, a reading age or draft checks)'
					: 'Say what a good response does: add at least one expectation'
		}
	)
	.superRefine((e, ctx) => {
		// An output holding a phrase it must include also holds every phrase inside it: one of those it
		// must avoid (as the checks compare them, normalised) means the case could never pass.
		const avoid = (e.mustAvoid ?? []).map((p) => [p, normalisePhrase(p)] as const);
		for (const include of e.mustInclude ?? []) {
			const inside = avoid.find(([, a]) => a && normalisePhrase(include).includes(a));
			if (!inside) continue;
			const message =
				normalisePhrase(include) === inside[1]
					? `"${include}" is in both Must include and Must avoid, so the case could never pass: keep it in one`
					: `Must include "${include}" contains "${inside[0]}", which it must avoid, so the case could never pass`;
			ctx.addIssue({ code: 'custom', path: ['mustAvoid'], message });
			break;
		}
		const asked = (e.asks ?? []).find((q) => (e.mustNotAsk ?? []).includes(q));
		if (asked !== undefined)
			ctx.addIssue({
				code: 'custom',
				path: ['mustNotAsk'],
				message: `The question ${asked} is in both Must ask and Must not ask, so the case could never pass: keep it in one`
			});
	});

export type TestCaseExpect = z.output<typeof testCaseExpectSchema>;

export const MAX_ANSWERS = 20;
const answerValue = z.union([z.string().max(20_000), z.array(z.string().max(300)).max(20)], {
	error: 'Each answer is text (up to 20,000 characters) or a list of up to 20 choices of 300 characters or fewer'
});

/** `POST /api/assistants/{id}/test-cases` (and the body of a `PUT` to one case). */
export const testCaseInputSchema = z
	.object(
		{
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
			answers: z
				.record(questionId, answerValue, { error: 'answers maps question ids (like key_facts) to answers' })
				.refine((a) => Object.keys(a).length <= MAX_ANSWERS, {
					error: `Give answers to ${MAX_ANSWERS} questions or fewer`
				})
				.optional()
				.default({}),
			expect: testCaseExpectSchema
		},
		{
			error: (issue) =>
				issue.code === 'unrecognized_keys'
					? `A test case has no ${issue.keys.join(', ')}: it takes name, request, answers and expect`
					: undefined
		}
	)
	.strict();

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
	.object({
		model: z
			.string({ error: 'model must be a model id' })
			.trim()
			.min(1, { error: 'model must be a model id: leave it out to use the default model' })
			.max(200, { error: 'model must be a model id' })
			.optional()
	})
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
