import { error, fail, redirect } from '@sveltejs/kit';
import {
	caseDraftFromForm,
	draftFromCase,
	keepUnlisted,
	unlistedIds,
	unlistedParts
} from '$lib/schemas/test-case-form';
import { requireUser } from '$lib/server/authz/guards';
import { assistantForTests, findCase, saveCase, testPermissions } from '$lib/server/assistants/tests-page';
import { setFlash } from '$lib/server/flash';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const a = await assistantForTests(event, user);
	const found = await findCase(event, user, a);
	if (!testPermissions(a).editCases || found.builtin) {
		const message = found.builtin
			? 'This test case ships with the built-in assistant, so it cannot be changed here'
			: 'Only people who can edit this assistant can change its test cases';
		error(403, { message, errorId: event.locals.requestId });
	}
	return {
		assistant: { id: a.id, name: a.name },
		testCase: { id: found.id, name: found.name },
		questions: a.intake.questions,
		draft: draftFromCase(found),
		// Questions the case names that the form does not list: a conversational assistant may ask any
		// question, so they are kept when it is saved; any other assistant no longer has them, so they go.
		unlisted: unlistedIds(unlistedParts(found, a.intake.questions)),
		keepsUnlisted: a.intake.mode === 'conversational'
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const a = await assistantForTests(event, user);
		const found = await findCase(event, user, a);
		const fromForm = caseDraftFromForm(await event.request.formData(), a.intake.questions);
		const draft =
			a.intake.mode === 'conversational' ? keepUnlisted(fromForm, unlistedParts(found, a.intake.questions)) : fromForm;
		const result = await saveCase(event, user, a, draft, found.id);
		if (!result.ok) return fail(result.status, { draft, errors: result.errors });
		setFlash(event.cookies, '/assistants', `Test case “${result.value.name}” saved`);
		redirect(303, `/assistants/${a.id}/tests`);
	}
};
