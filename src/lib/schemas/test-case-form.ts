/**
 * The test case form (/assistants/[id]/tests/new and …/edit): what the person typed, kept as strings so
 * the form can be shown again exactly as it was, and the mapping to and from `testCaseInputSchema`.
 * Phrases are one per line; questions and check categories are chosen from lists.
 */
import type { IntakeQuestion } from './assistant';
import { EXPECT_KEYS, testCaseInputSchema, type TestCaseInput, type TestCaseView } from './evaluation';

export type CaseDraft = {
	name: string;
	request: string;
	/** Answers by question id; a multiple-choice answer is its chosen options. */
	answers: Record<string, string | string[]>;
	mustInclude: string;
	mustAvoid: string;
	asks: string[];
	mustNotAsk: string[];
	maxWords: string;
	maxReadingAge: string;
	draftChecksPass: string[];
	rubric: string;
};

/** The order fields appear in, so the error summary lists problems top to bottom. */
export const CASE_FIELD_ORDER = ['name', 'request', 'expect', ...EXPECT_KEYS];

export function emptyCaseDraft(): CaseDraft {
	return {
		name: '',
		request: '',
		answers: {},
		mustInclude: '',
		mustAvoid: '',
		asks: [],
		mustNotAsk: [],
		maxWords: '',
		maxReadingAge: '',
		draftChecksPass: [],
		rubric: ''
	};
}

export function draftFromCase(c: Pick<TestCaseView, 'name' | 'request' | 'answers' | 'expect'>): CaseDraft {
	const e = c.expect;
	return {
		name: c.name,
		request: c.request,
		answers: { ...c.answers },
		mustInclude: (e.mustInclude ?? []).join('\n'),
		mustAvoid: (e.mustAvoid ?? []).join('\n'),
		asks: [...(e.asks ?? [])],
		mustNotAsk: [...(e.mustNotAsk ?? [])],
		maxWords: e.maxWords === undefined ? '' : String(e.maxWords),
		maxReadingAge: e.maxReadingAge === undefined ? '' : String(e.maxReadingAge),
		draftChecksPass: [...(e.draftChecksPass ?? [])],
		rubric: e.rubric ?? ''
	};
}

const text = (form: FormData, name: string) => {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
};
const all = (form: FormData, name: string) => form.getAll(name).filter((v): v is string => typeof v === 'string');

/** Reads the posted form; answers are read only for the assistant's own questions. */
export function caseDraftFromForm(form: FormData, questions: readonly IntakeQuestion[]): CaseDraft {
	const answers: Record<string, string | string[]> = {};
	for (const q of questions) {
		const name = `answer-${q.id}`;
		answers[q.id] = q.type === 'multiple_choice' ? all(form, name) : text(form, name);
	}
	return {
		name: text(form, 'name'),
		request: text(form, 'request'),
		answers,
		mustInclude: text(form, 'mustInclude'),
		mustAvoid: text(form, 'mustAvoid'),
		asks: all(form, 'asks'),
		mustNotAsk: all(form, 'mustNotAsk'),
		maxWords: text(form, 'maxWords').trim(),
		maxReadingAge: text(form, 'maxReadingAge').trim(),
		draftChecksPass: all(form, 'draftChecksPass'),
		rubric: text(form, 'rubric')
	};
}

/**
 * What a case holds that the form cannot show: answers to, and "must (not) ask" expectations about,
 * questions the assistant's form does not list (set through the API for a conversational assistant, or
 * about a question since removed). Saving the form keeps them rather than silently dropping them.
 */
export type UnlistedParts = { answers: Record<string, string | string[]>; asks: string[]; mustNotAsk: string[] };

export function unlistedParts(
	c: Pick<TestCaseView, 'answers' | 'expect'>,
	questions: readonly IntakeQuestion[]
): UnlistedParts {
	const listed = new Set(questions.map((q) => q.id));
	return {
		answers: Object.fromEntries(Object.entries(c.answers).filter(([id]) => !listed.has(id))),
		asks: (c.expect.asks ?? []).filter((id) => !listed.has(id)),
		mustNotAsk: (c.expect.mustNotAsk ?? []).filter((id) => !listed.has(id))
	};
}

/** The question ids the unlisted parts name, once each, for the form's note. */
export function unlistedIds(u: UnlistedParts): string[] {
	return [...new Set([...Object.keys(u.answers), ...u.asks, ...u.mustNotAsk])];
}

/** A draft read from the form, with the stored case's unlisted parts kept. */
export function keepUnlisted(d: CaseDraft, u: UnlistedParts): CaseDraft {
	const add = (mine: string[], kept: string[]) => [...mine, ...kept.filter((id) => !mine.includes(id))];
	return {
		...d,
		answers: { ...u.answers, ...d.answers },
		asks: add(d.asks, u.asks),
		mustNotAsk: add(d.mustNotAsk, u.mustNotAsk)
	};
}

const lines = (s: string) =>
	s
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter(Boolean);

/** A number field: blank is "no limit", anything else that is not a number is kept so zod can say so. */
function numberOrText(s: string): number | string | undefined {
	if (!s) return undefined;
	const n = Number(s.replace(/,/g, ''));
	return Number.isFinite(n) ? n : s;
}

/** The API body for a draft (blank answers and empty lists left out). */
export function bodyFromCaseDraft(d: CaseDraft): Record<string, unknown> {
	const answers = Object.fromEntries(
		Object.entries(d.answers).filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v.trim() !== ''))
	);
	const list = (v: string[]) => (v.length ? v : undefined);
	const expect = {
		mustInclude: list(lines(d.mustInclude)),
		mustAvoid: list(lines(d.mustAvoid)),
		asks: list(d.asks),
		mustNotAsk: list(d.mustNotAsk),
		maxWords: numberOrText(d.maxWords),
		maxReadingAge: numberOrText(d.maxReadingAge),
		draftChecksPass: list(d.draftChecksPass),
		rubric: d.rubric.trim() || undefined
	};
	return {
		name: d.name,
		request: d.request,
		answers,
		expect: Object.fromEntries(Object.entries(expect).filter(([, v]) => v !== undefined))
	};
}

/**
 * Maps an error key from the API (`expect.mustInclude.2`, `expect`, `name`) to the form field that
 * shows it: `expect` alone (no expectation at all) is shown on the fieldset of expectations.
 */
export function caseFieldOf(key: string): string {
	const parts = key.split('.');
	if (parts[0] !== 'expect') return parts[0] === 'answers' ? 'answers' : parts[0] || 'form';
	return parts[1] ?? 'expect';
}

/** One message per form field, from the API's (or zod's) field errors. */
export function caseFormErrors(fieldErrors: Record<string, string>): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const [key, message] of Object.entries(fieldErrors)) {
		const field = caseFieldOf(key);
		if (!(field in errors)) errors[field] = message;
	}
	return errors;
}

/** Validates a draft as the API would; the errors are keyed by form field. */
export function parseCaseDraft(
	d: CaseDraft
): { ok: true; input: TestCaseInput } | { ok: false; errors: Record<string, string> } {
	const parsed = testCaseInputSchema.safeParse(bodyFromCaseDraft(d));
	if (parsed.success) return { ok: true, input: parsed.data };
	const raw: Record<string, string> = {};
	for (const issue of parsed.error.issues) {
		const key = issue.path.join('.') || 'form';
		if (!(key in raw)) raw[key] = issue.message;
	}
	return { ok: false, errors: caseFormErrors(raw) };
}
