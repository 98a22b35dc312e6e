/**
 * The assistant builder form: a flat, string-only draft that survives a round trip through an HTML
 * form (so the builder works without JavaScript), and the translations between it, the API body and
 * the service's dotted-path field errors. Nothing here imports server code.
 */
import {
	MAX_QUESTIONS,
	MAX_STARTERS,
	QUESTION_TYPES,
	type IntakeMode,
	type IntakeQuestion,
	type QuestionType
} from './assistant';

export type QuestionDraft = {
	id: string;
	label: string;
	hint: string;
	type: QuestionType;
	/** One option per line. */
	options: string;
	required: boolean;
};

export type AssistantDraft = {
	name: string;
	description: string;
	category: string;
	colour: string;
	instructions: string;
	collections: string[];
	starters: string[];
	outputTemplate: string;
	defaultModel: string;
	temperature: string;
	visibility: string;
	teamId: string;
	status: string;
	changeNote: string;
	intakeMode: string;
	/** Conversational mode: the most questions the model may ask (blank: the default). */
	maxQuestions: string;
	questions: QuestionDraft[];
};

/** What a submit button asked for: save, or an edit to the question rows (no-JavaScript path). */
export type BuilderIntent = { kind: 'save' } | { kind: 'add' } | { kind: 'remove' | 'up' | 'down'; index: number };

export const blankQuestion = (): QuestionDraft => ({
	id: '',
	label: '',
	hint: '',
	type: 'short_text',
	options: '',
	required: false
});

export function emptyDraft(): AssistantDraft {
	return {
		name: '',
		description: '',
		category: '',
		colour: 'blue',
		instructions: '',
		collections: [],
		starters: [],
		outputTemplate: '',
		defaultModel: '',
		temperature: '',
		visibility: 'private',
		teamId: '',
		status: 'published',
		changeNote: '',
		intakeMode: 'form',
		maxQuestions: '',
		questions: [blankQuestion()]
	};
}

type Definition = {
	name: string;
	description: string;
	category: string;
	colour: string;
	instructions: string;
	collections: string[];
	starters: string[];
	outputTemplate: string;
	defaultModel: string | null;
	temperature: number | null;
	intake: { mode: IntakeMode; maxQuestions?: number; questions: IntakeQuestion[] };
};

/** A saved assistant as a draft for the edit form. */
export function draftFromAssistant(
	a: Definition & { visibility: string; teamId: string | null; status: string }
): AssistantDraft {
	return {
		name: a.name,
		description: a.description,
		category: a.category,
		colour: a.colour,
		instructions: a.instructions,
		collections: [...a.collections],
		starters: [...a.starters],
		outputTemplate: a.outputTemplate,
		defaultModel: a.defaultModel ?? '',
		temperature: a.temperature === null ? '' : String(a.temperature),
		visibility: a.visibility,
		teamId: a.teamId ?? '',
		status: a.status,
		changeNote: '',
		intakeMode: a.intake.mode,
		maxQuestions: a.intake.maxQuestions ? String(a.intake.maxQuestions) : '',
		questions: a.intake.questions.length
			? a.intake.questions.map((q) => ({
					id: q.id,
					label: q.label,
					hint: q.hint ?? '',
					type: q.type,
					options: q.options.join('\n'),
					required: q.required
				}))
			: [blankQuestion()]
	};
}

const text = (form: FormData, name: string): string => {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
};

/** Reads the builder form; unknown question types fall back to short text (zod reports nothing lost). */
export function draftFromForm(form: FormData): { draft: AssistantDraft; intent: BuilderIntent } {
	const rows = Math.min(Math.max(Number.parseInt(text(form, 'questionCount'), 10) || 0, 0), MAX_QUESTIONS + 1);
	const questions: QuestionDraft[] = [];
	for (let i = 0; i < rows; i++) {
		const p = `questions.${i}.`;
		const type = text(form, `${p}type`);
		questions.push({
			id: text(form, `${p}id`).trim(),
			label: text(form, `${p}label`),
			hint: text(form, `${p}hint`),
			type: (QUESTION_TYPES as readonly string[]).includes(type) ? (type as QuestionType) : 'short_text',
			options: text(form, `${p}options`),
			required: form.get(`${p}required`) !== null
		});
	}
	const starters = Array.from({ length: MAX_STARTERS }, (_, i) => text(form, `starters.${i}`));
	const draft: AssistantDraft = {
		name: text(form, 'name'),
		description: text(form, 'description'),
		category: text(form, 'category'),
		colour: text(form, 'colour') || 'blue',
		instructions: text(form, 'instructions'),
		collections: form.getAll('collections').filter((v): v is string => typeof v === 'string'),
		starters,
		outputTemplate: text(form, 'outputTemplate'),
		defaultModel: text(form, 'defaultModel'),
		temperature: text(form, 'temperature'),
		visibility: text(form, 'visibility'),
		teamId: text(form, 'teamId'),
		status: text(form, 'status'),
		changeNote: text(form, 'changeNote'),
		intakeMode: text(form, 'intake.mode'),
		maxQuestions: text(form, 'intake.maxQuestions'),
		questions
	};
	return { draft, intent: parseIntent(text(form, 'intent')) };
}

export function parseIntent(value: string): BuilderIntent {
	if (value === 'add') return { kind: 'add' };
	const m = /^(remove|up|down):(\d{1,2})$/.exec(value);
	if (m) return { kind: m[1] as 'remove' | 'up' | 'down', index: Number(m[2]) };
	return { kind: 'save' };
}

/** Adds, removes or moves a question row; the same code runs in the browser and on the server. */
export function applyIntent(questions: QuestionDraft[], intent: BuilderIntent): QuestionDraft[] {
	const next = [...questions];
	if (intent.kind === 'add') {
		if (next.length < MAX_QUESTIONS) next.push(blankQuestion());
	} else if (intent.kind === 'remove') {
		next.splice(intent.index, 1);
		if (next.length === 0) next.push(blankQuestion());
	} else if (intent.kind === 'up' || intent.kind === 'down') {
		const to = intent.kind === 'up' ? intent.index - 1 : intent.index + 1;
		if (intent.index < next.length && to >= 0 && to < next.length) {
			[next[intent.index], next[to]] = [next[to], next[intent.index]];
		}
	}
	return next;
}

const isBlank = (q: QuestionDraft) => !q.label.trim() && !q.hint.trim() && !q.options.trim();

/** A question id from its label, unique among `taken` (ids are what answers are keyed by). */
export function questionIdFor(label: string, taken: Set<string>): string {
	let base = label
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '')
		.slice(0, 34);
	if (!/^[a-z]/.test(base)) base = `q_${base}`.replace(/_+$/, '');
	let id = base;
	for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
	taken.add(id);
	return id;
}

/**
 * The service body for a draft. Blank question rows are left out; `rowOf[k]` is the row on screen of
 * the k-th question sent, so errors like `intake.questions.2.options` land on the right row.
 */
export function bodyFromDraft(draft: AssistantDraft): { body: Record<string, unknown>; rowOf: number[] } {
	const rowOf: number[] = [];
	const kept: QuestionDraft[] = [];
	draft.questions.forEach((q, i) => {
		if (isBlank(q)) return;
		kept.push(q);
		rowOf.push(i);
	});
	const taken = new Set(kept.map((q) => q.id).filter(Boolean));
	const questions = kept.map((q) => ({
		id: q.id || questionIdFor(q.label, taken),
		label: q.label,
		hint: q.hint,
		type: q.type,
		options: q.type.endsWith('choice')
			? q.options
					.split(/\r?\n/)
					.map((o) => o.trim())
					.filter(Boolean)
			: [],
		required: q.required
	}));
	const temperature = draft.temperature.trim();
	const body: Record<string, unknown> = {
		name: draft.name,
		description: draft.description,
		category: draft.category,
		colour: draft.colour,
		instructions: draft.instructions,
		collections: draft.collections,
		starters: draft.starters.map((s) => s.trim()).filter(Boolean),
		outputTemplate: draft.outputTemplate,
		defaultModel: draft.defaultModel || null,
		temperature: temperature === '' ? null : Number(temperature),
		visibility: draft.visibility,
		teamId: draft.visibility === 'team' ? draft.teamId || null : null,
		status: draft.status,
		intake: {
			mode: draft.intakeMode,
			...(draft.intakeMode === 'conversational' && draft.maxQuestions.trim()
				? { maxQuestions: Number(draft.maxQuestions.trim()) }
				: {}),
			questions: draft.intakeMode === 'none' ? [] : questions
		},
		changeNote: draft.changeNote
	};
	return { body, rowOf };
}

/** The id of the form control a service field error belongs to (what the error summary links to). */
export function fieldIdFor(path: string, rowOf: number[]): string {
	const q = /^intake\.questions\.(\d+)(?:\.(\w+))?/.exec(path);
	if (q) {
		const row = rowOf[Number(q[1])] ?? Number(q[1]);
		const field = q[2] === 'id' || !q[2] ? 'label' : q[2];
		return `questions-${row}-${field}`;
	}
	if (path === 'intake.questions' || path === 'intake') return 'questions-0-label';
	if (path === 'intake.mode') return 'intake-mode';
	if (path === 'intake.maxQuestions') return 'intake-maxQuestions';
	const starter = /^starters\.(\d+)/.exec(path);
	if (starter) return `starters-${starter[1]}`;
	if (path === 'starters') return 'starters-0';
	if (path.startsWith('collections')) return 'collections';
	if (path === 'form') return 'form';
	return path.split('.')[0];
}

/** Service field errors, keyed by the id of the control they belong to (first message per control). */
export function errorsForForm(fieldErrors: Record<string, string>, rowOf: number[]): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [path, message] of Object.entries(fieldErrors)) out[fieldIdFor(path, rowOf)] ??= message;
	return out;
}

/** Form order of the builder's controls, for the error summary. */
export function builderFieldOrder(questionRows: number): string[] {
	const questions = Array.from({ length: questionRows }, (_, i) =>
		['label', 'hint', 'type', 'options', 'required'].map((f) => `questions-${i}-${f}`)
	).flat();
	return [
		'form',
		'name',
		'description',
		'category',
		'colour',
		'instructions',
		'intake-mode',
		'intake-maxQuestions',
		...questions,
		'collections',
		...Array.from({ length: MAX_STARTERS }, (_, i) => `starters-${i}`),
		'outputTemplate',
		'defaultModel',
		'temperature',
		'visibility',
		'teamId',
		'status',
		'changeNote'
	];
}
