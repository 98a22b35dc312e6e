import { fail, redirect } from '@sveltejs/kit';
import { caseDraftFromForm, caseFormErrors, emptyCaseDraft, type CaseDraft } from '$lib/schemas/test-case-form';
import { requireUser } from '$lib/server/authz/guards';
import { assistantForTests, saveCase, testPermissions } from '$lib/server/assistants/tests-page';
import { setFlash } from '$lib/server/flash';
import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const a = await assistantForTests(event, user);
	if (!testPermissions(a).editCases) {
		error(403, { message: 'You cannot add test cases to this assistant', errorId: event.locals.requestId });
	}
	return { assistant: { id: a.id, name: a.name }, questions: a.intake.questions, draft: emptyCaseDraft() };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const a = await assistantForTests(event, user);
		const draft: CaseDraft = caseDraftFromForm(await event.request.formData(), a.intake.questions);
		const result = await saveCase(user, a, draft);
		if (!result.ok) {
			if (result.status === 404) error(404, { message: result.message, errorId: event.locals.requestId });
			const errors = result.fieldErrors ? caseFormErrors(result.fieldErrors) : { form: result.message };
			return fail(result.status, { draft, errors });
		}
		setFlash(event.cookies, '/assistants', `Test case “${result.value.name}” added`);
		redirect(303, `/assistants/${a.id}/tests`);
	}
};
