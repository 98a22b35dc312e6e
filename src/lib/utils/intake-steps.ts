/**
 * Splits an assistant's intake questions into short steps, so a person is asked a few things at a time.
 * A step holds up to three questions and at most two that need a long written answer; questions stay
 * in the order the builder gave them.
 */
export type StepQuestion = { id: string; type: string };

export const MAX_QUESTIONS_PER_STEP = 3;
export const MAX_LONG_ANSWERS_PER_STEP = 2;

export function intakeSteps<Q extends StepQuestion>(questions: Q[]): Q[][] {
	const steps: Q[][] = [];
	let current: Q[] = [];
	for (const q of questions) {
		const long = current.filter((c) => c.type === 'long_text').length;
		const full =
			current.length >= MAX_QUESTIONS_PER_STEP || (q.type === 'long_text' && long >= MAX_LONG_ANSWERS_PER_STEP);
		if (full) {
			steps.push(current);
			current = [];
		}
		current.push(q);
	}
	if (current.length) steps.push(current);
	return steps;
}

/** The step that holds the first question with a problem (steps count from 0), or null. */
export function firstStepWithError(steps: StepQuestion[][], errors: Record<string, string>): number | null {
	const at = steps.findIndex((step) => step.some((q) => errors[q.id]));
	return at === -1 ? null : at;
}
