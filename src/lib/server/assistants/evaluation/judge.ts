/**
 * The optional rubric of a test case, scored from 1 to 5 by a judge model with prompts/evaluation-judge.md.
 * The score is reported beside the deterministic checks and never changes whether a case passed.
 */
import { z } from 'zod';
import type { RubricScore } from '$lib/schemas/evaluation';
import { loadPrompt, renderPrompt } from '../../llm/prompts';
import { completeStructured } from '../../llm/structured';

const JUDGE_TIMEOUT_MS = 60_000;
/** The judge sees this much of the draft: enough for any realistic draft, bounded for very long ones. */
const MAX_OUTPUT_CHARS = 12_000;

const verdictSchema = z.object({
	score: z.coerce.number().int().min(1).max(5),
	comment: z.string().max(2000).default('')
});

/** Scores the output against the rubric; a judge that cannot answer gives `{error}`, never a score. */
export async function judgeRubric(input: {
	model: string;
	request: string;
	rubric: string;
	output: string;
}): Promise<RubricScore> {
	try {
		const prompt = await loadPrompt('evaluation-judge');
		const verdict = await completeStructured({
			model: input.model,
			messages: [
				{
					role: 'user',
					content: renderPrompt(prompt, {
						request: input.request.slice(0, 8000),
						rubric: input.rubric,
						output: input.output.slice(0, MAX_OUTPUT_CHARS)
					})
				}
			],
			schema: verdictSchema,
			maxTokens: 400,
			timeoutMs: JUDGE_TIMEOUT_MS
		});
		return { score: verdict.score, outOf: 5, comment: verdict.comment.trim() };
	} catch (e) {
		return { error: `The judge model could not score the rubric: ${(e as Error).message}` };
	}
}
