import { error, fail, redirect } from '@sveltejs/kit';
import { caseDraftFromForm, caseFormErrors, draftFromCase, type CaseDraft } from '$lib/schemas/test-case-form';
import { requireUser } from '$lib/server/authz/guards';
import { assistantForTests, findCaseView, saveCase, testPermissions } from '$lib/server/assistants/tests-page';
import { setFlash } from '$lib/server/flash';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const a = await assistantForTests(event, user);
	const found = await findCaseView(a.id, event.params.caseId);
	if (!found) error(404, { message: 'Test case not found', errorId: event.locals.requestId });
	if (!testPermissions(a).editCases || found.builtin) {
		error(403, { message: 'You cannot change this test case', errorId: event.locals.requestId });
	}
	return {
		assistant: { id: a.id, name: a.name },
		testCase: { id: found.id, name: found.name },
		questions: a.intake.questions,
		draft: draftFromCase(found)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const a = await assistantForTests(event, user);
		const found = await findCaseView(a.id, event.params.caseId);
		if (!found) error(404, { message: 'Test case not found', errorId: event.locals.requestId });
		const draft: CaseDraft = caseDraftFromForm(await event.request.formData(), a.intake.questions);
		if (found.builtin) return fail(403, { draft, errors: { form: 'Built-in test cases cannot be changed here' } });
		const result = await saveCase(user, a, draft, found.id);
		if (!result.ok) {
			if (result.status === 404) error(404, { message: result.message, errorId: event.locals.requestId });
			const errors = result.fieldErrors ? caseFormErrors(result.fieldErrors) : { form: result.message };
			return fail(result.status, { draft, errors });
		}
		setFlash(event.cookies, '/assistants', `Test case “${result.value.name}” saved`);
		redirect(303, `/assistants/${a.id}/tests`);
	}
};
