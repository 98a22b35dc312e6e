/**
 * The assistant builder pages (/assistants/new and /assistants/[id]/edit): the choices the form
 * offers, and one form action that either edits the question rows (no-JavaScript path) or saves
 * through the assistants service.
 */
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import {
	applyIntent,
	bodyFromDraft,
	draftFromForm,
	errorsForForm,
	type AssistantDraft
} from '$lib/schemas/assistant-form';
import type { SessionUser } from '$lib/schemas/user';
import { listCollections } from '../db/queries/corpus';
import { setFlash } from '../flash';
import { chatModels } from '../llm/chat-models';
import { createAssistant, myTeams, updateAssistant, type AssistantView, type Result } from './service';

export type BuilderOptions = {
	collections: { slug: string; name: string }[];
	models: { id: string; label: string }[];
	/** Teams the person may share with (owner or editor). */
	teams: { id: string; name: string }[];
	isAdmin: boolean;
};

export async function builderOptions(user: SessionUser): Promise<BuilderOptions> {
	const [collections, teams, models] = await Promise.all([listCollections(), myTeams(user), chatModels()]);
	return {
		collections: collections.map((c) => ({ slug: c.slug, name: c.name })),
		models: models.map((m) => ({ id: m.id, label: m.label })),
		teams: teams.filter((t) => t.role !== 'member').map((t) => ({ id: t.id, name: t.name })),
		isAdmin: user.role === 'admin'
	};
}

/** What the page gets back from the action when it must show the form again. */
export type BuilderFormResult = { draft: AssistantDraft; errors: Record<string, string>; focus?: string };

/**
 * Handles a builder submission. Question-row buttons re-render the form with the change applied;
 * "Save" calls `save` and redirects to the assistant, or shows the service's errors on the fields.
 */
export async function handleBuilderSubmit(
	event: RequestEvent,
	save: (body: Record<string, unknown>) => Promise<Result<AssistantView>>,
	successMessage: (a: AssistantView) => string
) {
	const { draft, intent } = draftFromForm(await event.request.formData());
	if (intent.kind !== 'save') {
		const questions = applyIntent(draft.questions, intent);
		// Focus the row that was added or moved, so keyboard users stay where they were working.
		const row =
			intent.kind === 'add'
				? questions.length - 1
				: intent.kind === 'up'
					? Math.max(intent.index - 1, 0)
					: intent.kind === 'down'
						? Math.min(intent.index + 1, questions.length - 1)
						: Math.min(intent.index, questions.length - 1);
		return { draft: { ...draft, questions }, errors: {}, focus: `questions-${row}-label` } satisfies BuilderFormResult;
	}
	const { body, rowOf } = bodyFromDraft(draft);
	const result = await save(body);
	if (!result.ok) {
		if (result.status === 404) error(404, { message: result.message, errorId: event.locals.requestId });
		const errors = errorsForForm(result.fieldErrors ?? { form: result.message }, rowOf);
		return fail(result.status, { draft, errors } satisfies BuilderFormResult);
	}
	setFlash(event.cookies, '/assistants', successMessage(result.value));
	redirect(303, `/assistants/${result.value.id}`);
}

export function createFromBuilder(user: SessionUser) {
	return (body: Record<string, unknown>) => createAssistant(user, body);
}

/**
 * What the builder is told after saving a change: a new version of an organisation assistant waits for
 * approval, so say what happens next rather than leave them to think it is live.
 */
export function savedMessage(a: AssistantView, user: SessionUser): string {
	const saved = `Saved “${a.name}” as version ${a.version}`;
	if (a.visibility !== 'organisation' || a.approval !== 'pending') return saved;
	const meanwhile =
		a.liveVersion === null
			? 'Until it is approved the rest of the organisation cannot use it'
			: `Until it is approved everyone else keeps using version ${a.liveVersion}`;
	return user.role === 'admin'
		? `${saved}. ${meanwhile}: run its tests, then approve it on Admin › Assistants to make it live.`
		: `${saved}. It is waiting for an administrator’s approval before everyone can use it (${meanwhile.charAt(0).toLowerCase()}${meanwhile.slice(1)}): run its tests so they can see how it behaves.`;
}

export function updateFromBuilder(user: SessionUser, id: string) {
	return (body: Record<string, unknown>) => updateAssistant(user, id, body);
}
