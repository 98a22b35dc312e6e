import { error, fail, redirect } from '@sveltejs/kit';
import { caseDraftFromForm, emptyCaseDraft } from '$lib/schemas/test-case-form';
import { requireUser } from '$lib/server/authz/guards';
import { assistantForTests, saveCase, testPermissions } from '$lib/server/assistants/tests-page';
import { setFlash } from '$lib/server/flash';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const a = await assistantForTests(event, user);
	if (!testPermissions(a).editCases) {
		error(403, {
			message: 'Only people who can edit this assistant can add test cases',
			errorId: event.locals.requestId
		});
	}
	return { assistant: { id: a.id, name: a.name }, questions: a.intake.questions, draft: emptyCaseDraft() };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const a = await assistantForTests(event, user);
		const draft = caseDraftFromForm(await event.request.formData(), a.intake.questions);
		const result = await saveCase(event, user, a, draft);
		if (!result.ok) return fail(result.status, { draft, errors: result.errors });
		setFlash(event.cookies, '/assistants', `Test case “${result.value.name}” added`);
		redirect(303, `/assistants/${a.id}/tests`);
	}
};
