/**
 * Intake: the clarifying questions an assistant asks before it drafts. The workspace first takes
 * whatever the opening request already answers (structured model output, validated), then asks only
 * for what is missing; when everything required is known it drafts straight away. Model output that
 * does not match the schema is retried once, then the defined questions are used as a plain form.
 */
import { z } from 'zod';
import {
	DEFAULT_CONVERSATIONAL_QUESTIONS,
	intakeQuestionSchema,
	validateBriefAnswers,
	type AssistantDefinition,
	type BriefAnswers,
	type IntakeQuestion
} from '$lib/schemas/assistant';
import type { PromptVersion } from '$lib/schemas/chat';
import { loadPrompt, promptVersion, renderPrompt } from '../llm/prompts';
import { completeStructured } from '../llm/structured';
import { errorFields, logger } from '../observability/log';

const INTAKE_TIMEOUT_MS = 20_000;

/** `all`: every question the brief covers; `ask`: those to put to the person now (empty: draft straight away). */
export type IntakePlan = {
	known: BriefAnswers;
	all: IntakeQuestion[];
	ask: IntakeQuestion[];
	promptVersions: PromptVersion[];
	/**
	 * Set when a model step failed and the plan fell back: `extraction` (nothing was read from the
	 * request, so every unanswered question counts as missing) or `questions` (the conversational
	 * questions could not be written, so the defined ones were used). Evaluations report it.
	 */
	fellBack?: ('extraction' | 'questions')[];
};

const extractionSchema = z.object({
	answers: z.record(z.string(), z.union([z.string(), z.array(z.string())]))
});

/** Keeps only the extracted answers that are valid for their question (an unknown id or a made-up option is dropped). */
export function acceptableAnswers(questions: IntakeQuestion[], answers: BriefAnswers): BriefAnswers {
	const kept: BriefAnswers = {};
	for (const q of questions) {
		const a = answers[q.id];
		if (a === undefined) continue;
		const value = Array.isArray(a) ? a.map((v) => v.trim()).filter(Boolean) : a.trim();
		if (Array.isArray(value) ? value.length === 0 : value === '') continue;
		const problems = validateBriefAnswers([{ ...q, required: true }], { [q.id]: value });
		if (Object.keys(problems).length === 0) kept[q.id] = value;
	}
	return kept;
}

function isAnswered(q: IntakeQuestion, known: BriefAnswers): boolean {
	return known[q.id] !== undefined;
}

async function extractKnown(
	model: string,
	questions: IntakeQuestion[],
	request: string,
	versions: PromptVersion[],
	fellBack: NonNullable<IntakePlan['fellBack']>
): Promise<BriefAnswers> {
	if (questions.length === 0) return {};
	const prompt = await loadPrompt('intake-extract');
	versions.push(promptVersion(prompt));
	const described = questions.map((q) => ({
		id: q.id,
		question: q.label,
		type: q.type,
		...(q.options.length ? { options: q.options } : {})
	}));
	try {
		const { answers } = await completeStructured({
			model,
			messages: [
				{
					role: 'user',
					content: renderPrompt(prompt, {
						questions: JSON.stringify(described, null, 1),
						request: request.slice(0, 8000)
					})
				}
			],
			schema: extractionSchema,
			maxTokens: 800,
			timeoutMs: INTAKE_TIMEOUT_MS
		});
		return acceptableAnswers(questions, answers);
	} catch (e) {
		logger().warn(errorFields(e), 'intake extraction failed; asking every question');
		fellBack.push('extraction');
		return {};
	}
}

/** Model-written clarifying questions, validated; throws when the model cannot produce valid ones. */
async function conversationalQuestions(
	model: string,
	definition: AssistantDefinition,
	request: string,
	known: BriefAnswers,
	versions: PromptVersion[]
): Promise<IntakeQuestion[]> {
	const max = definition.intake.maxQuestions ?? DEFAULT_CONVERSATIONAL_QUESTIONS;
	const prompt = await loadPrompt('intake-questions');
	versions.push(promptVersion(prompt));
	const schema = z.object({
		questions: z
			.array(intakeQuestionSchema)
			.max(max)
			.refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, 'question ids must be unique')
	});
	const { questions } = await completeStructured({
		model,
		messages: [
			{
				role: 'user',
				content: renderPrompt(prompt, {
					instructions: definition.instructions,
					request: request.slice(0, 8000),
					known: JSON.stringify(known),
					suggested: JSON.stringify(
						definition.intake.questions
							.filter((q) => !isAnswered(q, known))
							.map((q) => ({ id: q.id, label: q.label, type: q.type, options: q.options }))
					),
					max: String(max)
				})
			}
		],
		schema,
		maxTokens: 1200,
		timeoutMs: INTAKE_TIMEOUT_MS
	});
	return questions;
}

/**
 * Decides whether to ask before drafting. Without a model, the defined questions are data: they are
 * asked as a form (nothing can be read from the request), whatever the mode.
 */
export async function planIntake(input: {
	definition: AssistantDefinition;
	request: string;
	model: string | undefined;
}): Promise<IntakePlan> {
	const { definition, request, model } = input;
	const { mode, questions } = definition.intake;
	const promptVersions: PromptVersion[] = [];
	if (mode === 'none') return { known: {}, all: [], ask: [], promptVersions };

	const fellBack: NonNullable<IntakePlan['fellBack']> = [];
	const known = model ? await extractKnown(model, questions, request, promptVersions, fellBack) : {};
	const formPlan = (): IntakePlan => {
		const missing = questions.filter((q) => !isAnswered(q, known));
		const ask = missing.some((q) => q.required) ? missing : [];
		return { known, all: questions, ask, promptVersions, ...(fellBack.length ? { fellBack } : {}) };
	};
	if (mode === 'form' || !model) return formPlan();

	try {
		const asked = await conversationalQuestions(model, definition, request, known, promptVersions);
		// The model may reuse a builder's question (same id): its version is the one asked.
		const fresh = asked.filter((q) => !isAnswered(q, known));
		const freshIds = new Set(fresh.map((q) => q.id));
		const all = [...questions.filter((q) => !freshIds.has(q.id)), ...fresh];
		return { known, all, ask: fresh, promptVersions, ...(fellBack.length ? { fellBack } : {}) };
	} catch (e) {
		logger().warn(errorFields(e), 'clarifying questions failed; using the defined questions');
		fellBack.push('questions');
		return formPlan();
	}
}

/** The brief as the model reads it: each question with its answer, or "not given". */
export function describeBrief(questions: IntakeQuestion[], answers: BriefAnswers): string {
	const lines = questions.map((q) => {
		const a = answers[q.id];
		const text = a === undefined ? 'not given' : Array.isArray(a) ? a.join(', ') : a;
		return `- ${q.label} ${text}`;
	});
	const extra = Object.keys(answers).filter((k) => !questions.some((q) => q.id === k));
	for (const k of extra) {
		const a = answers[k];
		lines.push(`- ${k}: ${Array.isArray(a) ? a.join(', ') : a}`);
	}
	return lines.length ? lines.join('\n') : '- (no brief was given)';
}
