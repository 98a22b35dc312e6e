/**
 * Assistants, their intake questions and the prompt library: request bodies and views shared by the
 * server and the browser (nothing here imports server code).
 */
import { z } from 'zod';
import { sendAnywaySchema } from './personal-data';

export const ASSISTANT_VISIBILITIES = ['private', 'team', 'organisation'] as const;
export const ASSISTANT_STATUSES = ['draft', 'published'] as const;
/** Approval for organisation-wide sharing: `none` until someone asks for it. */
export const APPROVAL_STATUSES = ['none', 'pending', 'approved', 'declined'] as const;
export const INTAKE_MODES = ['form', 'conversational', 'none'] as const;
export const QUESTION_TYPES = ['short_text', 'long_text', 'single_choice', 'multiple_choice'] as const;
/** The themes the task library is browsed by (an assistant's `category`). */
export const ASSISTANT_CATEGORIES = [
	'Media and press',
	'Issues and crisis communications',
	'Internal communications',
	'Leadership communications',
	'Stakeholder engagement',
	'Meeting notes and actions',
	'Social media',
	'Plain English and accessibility',
	'Campaigns',
	'Insight and feedback',
	'Web and digital content',
	'Patient and public information',
	'Review and quality checks',
	'Other'
] as const;
export const ASSISTANT_COLOURS = ['blue', 'dark-blue', 'purple', 'dark-pink', 'green', 'warm-yellow', 'grey'] as const;

export type AssistantVisibility = (typeof ASSISTANT_VISIBILITIES)[number];
export type AssistantStatus = (typeof ASSISTANT_STATUSES)[number];
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export type IntakeMode = (typeof INTAKE_MODES)[number];
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const MAX_QUESTIONS = 20;
export const MAX_OPTIONS = 20;
export const MAX_STARTERS = 4;
export const MAX_INSTRUCTIONS_CHARS = 8000;
export const MAX_TEMPLATE_CHARS = 4000;
/** Long answers may be whole documents (a letter to review, survey comments), so as long as a message. */
export const MAX_ANSWER_CHARS = 20_000;
export const MAX_SHORT_ANSWER_CHARS = 300;
/** Conversational intake asks at most this many questions unless the builder says otherwise. */
export const DEFAULT_CONVERSATIONAL_QUESTIONS = 3;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const questionId = z
	.string({ error: 'Each question needs an id' })
	.trim()
	.regex(/^[a-z][a-z0-9_]{0,39}$/, 'Question ids use lower-case letters, numbers and underscores (up to 40)');

export const intakeQuestionSchema = z
	.object({
		id: questionId,
		label: z
			.string({ error: 'Enter the question' })
			.trim()
			.min(1, 'Enter the question')
			.max(200, 'Questions must be 200 characters or fewer'),
		hint: z.string().trim().max(400, 'Hint text must be 400 characters or fewer').optional().default(''),
		type: z.enum(QUESTION_TYPES, { error: `type must be one of: ${QUESTION_TYPES.join(', ')}` }),
		options: z
			.array(z.string().trim().min(1, 'Options cannot be empty').max(100, 'Options must be 100 characters or fewer'))
			.max(MAX_OPTIONS, `A question can have up to ${MAX_OPTIONS} options`)
			.optional()
			.default([]),
		required: z.boolean({ error: 'required must be true or false' }).default(false),
		/** What to tell the person when a required question is left unanswered, written for this question. */
		errorMessage: z.string().trim().max(200, 'Error messages must be 200 characters or fewer').optional()
	})
	.superRefine((q, ctx) => {
		const choice = q.type === 'single_choice' || q.type === 'multiple_choice';
		if (choice && q.options.length < 2) {
			ctx.addIssue({
				code: 'custom',
				path: ['options'],
				message: `Give "${q.label}" at least 2 options to choose from`
			});
		}
		if (!choice && q.options.length > 0) {
			ctx.addIssue({ code: 'custom', path: ['options'], message: 'Only choice questions have options' });
		}
		const seen = new Set<string>();
		q.options.forEach((o, i) => {
			const key = o.toLowerCase();
			if (seen.has(key))
				ctx.addIssue({ code: 'custom', path: ['options', i], message: `The option "${o}" appears twice` });
			seen.add(key);
		});
	});

export const intakeSchema = z
	.object({
		mode: z.enum(INTAKE_MODES, { error: `intake mode must be one of: ${INTAKE_MODES.join(', ')}` }),
		/** Conversational mode: the most clarifying questions the model may ask. */
		maxQuestions: z
			.number({ error: 'The most questions to ask must be a number from 1 to 10' })
			.int('The most questions to ask must be a whole number from 1 to 10')
			.min(1, 'The most questions to ask must be a number from 1 to 10')
			.max(10, 'The most questions to ask must be a number from 1 to 10')
			.optional(),
		questions: z
			.array(intakeQuestionSchema)
			.max(MAX_QUESTIONS, `An assistant can ask up to ${MAX_QUESTIONS} questions`)
			.default([])
	})
	.superRefine((intake, ctx) => {
		const ids = new Set<string>();
		const labels = new Set<string>();
		intake.questions.forEach((q, i) => {
			if (ids.has(q.id))
				ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `The id "${q.id}" is used twice` });
			const label = q.label.toLowerCase();
			if (labels.has(label)) {
				ctx.addIssue({
					code: 'custom',
					path: ['questions', i, 'label'],
					message: `The question "${q.label}" is asked twice`
				});
			}
			ids.add(q.id);
			labels.add(label);
		});
		if (intake.mode === 'form' && intake.questions.length === 0) {
			ctx.addIssue({ code: 'custom', path: ['questions'], message: 'A form intake needs at least one question' });
		}
	});

export type IntakeQuestion = z.output<typeof intakeQuestionSchema>;
export type Intake = z.output<typeof intakeSchema>;

const name = z
	.string({ error: 'Enter a name' })
	.trim()
	.min(1, 'Enter a name')
	.max(80, 'The name must be 80 characters or fewer');

/** What a builder saves: everything that makes up one version of an assistant. */
export const assistantInputSchema = z.object({
	name,
	description: z
		.string({ error: 'Enter a short description' })
		.trim()
		.min(1, 'Enter a short description')
		.max(300, 'The description must be 300 characters or fewer'),
	category: z.enum(ASSISTANT_CATEGORIES, { error: `category must be one of: ${ASSISTANT_CATEGORIES.join(', ')}` }),
	icon: z.string().trim().max(40).optional().default(''),
	colour: z.enum(ASSISTANT_COLOURS).optional().default('blue'),
	instructions: z
		.string({ error: 'Enter the instructions' })
		.trim()
		.min(1, 'Enter the instructions')
		.max(
			MAX_INSTRUCTIONS_CHARS,
			`Instructions must be ${MAX_INSTRUCTIONS_CHARS.toLocaleString('en-GB')} characters or fewer`
		),
	visibility: z.enum(ASSISTANT_VISIBILITIES, {
		error: `visibility must be one of: ${ASSISTANT_VISIBILITIES.join(', ')}`
	}),
	teamId: z.uuid({ error: 'teamId must be a team id' }).nullish(),
	collections: z.array(z.string().trim().min(1)).max(20).optional().default([]),
	starters: z
		.array(
			z
				.string()
				.trim()
				.min(1, 'Starter prompts cannot be empty')
				.max(300, 'Starter prompts must be 300 characters or fewer')
		)
		.max(MAX_STARTERS, `An assistant can have up to ${plural(MAX_STARTERS, 'starter prompt')}`)
		.optional()
		.default([]),
	outputTemplate: z
		.string()
		.trim()
		.max(
			MAX_TEMPLATE_CHARS,
			`The output template must be ${MAX_TEMPLATE_CHARS.toLocaleString('en-GB')} characters or fewer`
		)
		.optional()
		.default(''),
	defaultModel: z.string().trim().min(1).max(200).nullish(),
	temperature: z
		.number({ error: 'temperature must be a number' })
		.min(0, 'temperature must be 0 to 2')
		.max(2, 'temperature must be 0 to 2')
		.nullish(),
	status: z.enum(ASSISTANT_STATUSES, { error: 'status must be draft or published' }).optional().default('published'),
	intake: intakeSchema,
	changeNote: z.string().trim().max(300, 'The change note must be 300 characters or fewer').optional()
});

export type AssistantInput = z.output<typeof assistantInputSchema>;
/** The stored definition of one version (what a chat used and what a rollback restores). */
export type AssistantDefinition = Omit<AssistantInput, 'changeNote' | 'status' | 'visibility' | 'teamId'>;

/** PATCH: any subset of the fields; the server merges and validates the result as a whole. */
export const assistantPatchSchema = assistantInputSchema.partial();

/** The summary `GET /api/assistants` returns for each assistant. */
export type AssistantSummary = {
	id: string;
	name: string;
	description: string;
	category: string;
	visibility: AssistantVisibility;
	status: AssistantStatus;
	version: number;
	intake: { mode: IntakeMode; questions: IntakeQuestion[] };
};

/** Answers to intake questions: text for text and single choice, a list for multiple choice. */
export type BriefAnswers = Record<string, string | string[]>;

/** A chat's brief: what the drafter asked for and what they told the assistant. */
export type ChatBrief = {
	/** The opening request the brief belongs to (a user message id). */
	requestMessageId: string;
	/** Every question the brief covers (the assistant's, and any the model asked). */
	questions: IntakeQuestion[];
	/** The ids of the questions put to the person (those the request did not answer). */
	asked: string[];
	/** Answers the workspace drew from the opening request. */
	known: BriefAnswers;
	/** The brief as it stands: what was known plus the person's answers. */
	answers: BriefAnswers;
	state: 'asking' | 'answered' | 'skipped';
};

export const briefSchema = z.union([
	z.object({ skip: z.literal(true) }),
	z.object({
		answers: z.record(
			z.string(),
			z.union([z.string().max(MAX_ANSWER_CHARS * 5), z.array(z.string().max(200)).max(MAX_OPTIONS)]),
			{
				error: 'answers must be an object of question id to answer'
			}
		),
		model: z.string().trim().min(1).optional(),
		useGuidance: z.boolean().optional(),
		/** Sending personal data on purpose, with a reason (only when the guard warns rather than blocks). */
		personalData: sendAnywaySchema.optional()
	})
]);

/** A question's label cut to about 60 characters at a word boundary, for use inside a message. */
export function shortLabel(label: string, max = 60): string {
	const clean = label.trim().replace(/\s+/g, ' ');
	if (clean.length <= max) return clean;
	const cut = clean.slice(0, max + 1);
	const space = cut.lastIndexOf(' ');
	return `${(space > max / 2 ? cut.slice(0, space) : clean.slice(0, max)).replace(/[\s,;:.]+$/, '')}…`;
}

/**
 * What to say when a required question is left unanswered: the builder's own message when there is one,
 * otherwise a full sentence that quotes the question rather than bolting a verb onto it.
 */
export function missingAnswerMessage(q: Pick<IntakeQuestion, 'label' | 'type'> & { errorMessage?: string }): string {
	if (q.errorMessage?.trim()) return q.errorMessage.trim();
	const label = `‘${shortLabel(q.label)}’`;
	if (q.type === 'multiple_choice') return `Select at least one option for ${label}`;
	if (q.type === 'single_choice') return `Select an answer for ${label}`;
	return `Enter an answer for ${label}`;
}

/** Checks answers against the questions; returns per-question messages (empty when all is well). */
export function validateBriefAnswers(questions: IntakeQuestion[], answers: BriefAnswers): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const q of questions) {
		const a = answers[q.id];
		const empty = a === undefined || (Array.isArray(a) ? a.length === 0 : a.trim() === '');
		if (empty) {
			if (q.required) errors[q.id] = missingAnswerMessage(q);
			continue;
		}
		if (q.type === 'multiple_choice') {
			if (!Array.isArray(a)) errors[q.id] = `Choose one or more options for "${q.label}"`;
			else if (a.some((v) => !q.options.includes(v))) errors[q.id] = `Choose from the options given for "${q.label}"`;
		} else if (Array.isArray(a)) {
			errors[q.id] = `Give one answer for "${q.label}"`;
		} else if (q.type === 'single_choice' && !q.options.includes(a)) {
			errors[q.id] = `Choose one of the options for "${q.label}"`;
		} else if (q.type === 'short_text' && a.length > MAX_SHORT_ANSWER_CHARS) {
			errors[q.id] = `The answer to "${q.label}" must be ${MAX_SHORT_ANSWER_CHARS} characters or fewer`;
		} else if (a.length > MAX_ANSWER_CHARS) {
			errors[q.id] =
				`The answer to "${q.label}" must be ${MAX_ANSWER_CHARS.toLocaleString('en-GB')} characters or fewer`;
		}
	}
	for (const key of Object.keys(answers)) {
		if (!questions.some((q) => q.id === key)) errors[key] = `There is no question "${key}"`;
	}
	return errors;
}

/** Saved prompts with {{variables}}. */
export const PROMPT_VISIBILITIES = ['private', 'team', 'organisation'] as const;
export type PromptVisibility = (typeof PROMPT_VISIBILITIES)[number];

export const savedPromptInputSchema = z.object({
	title: z
		.string({ error: 'Enter a title' })
		.trim()
		.min(1, 'Enter a title')
		.max(120, 'The title must be 120 characters or fewer'),
	body: z
		.string({ error: 'Enter the prompt' })
		.trim()
		.min(1, 'Enter the prompt')
		.max(8000, 'Prompts must be 8,000 characters or fewer'),
	visibility: z.enum(PROMPT_VISIBILITIES, { error: `visibility must be one of: ${PROMPT_VISIBILITIES.join(', ')}` }),
	teamId: z.uuid({ error: 'teamId must be a team id' }).nullish()
});

/** The distinct `{{variable}}` names in a prompt, in order of first use. */
export function promptVariables(body: string): string[] {
	const names: string[] = [];
	for (const m of body.matchAll(/\{\{\s*([A-Za-z][\w ]{0,40}?)\s*\}\}/g)) {
		const v = m[1].trim();
		if (!names.includes(v)) names.push(v);
	}
	return names;
}

/** Fills `{{variables}}`; unknown ones are left as typed. */
export function fillPromptVariables(body: string, values: Record<string, string>): string {
	return body.replace(/\{\{\s*([A-Za-z][\w ]{0,40}?)\s*\}\}/g, (all, v: string) => values[v.trim()] ?? all);
}
